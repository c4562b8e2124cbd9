using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Coordination.BuildingBlocks.Persistence;

/// <summary>
/// Inserts new entities of one type with one reused INSERT command, bypassing the change tracker, for
/// rows written in bulk that nothing reads back from the tracker (a registry import, a batch of
/// consumed messages and their inbox rows): EF Core's tracking and per-entity bookkeeping cost more
/// than the database does there. Columns, quoting, value conversions and parameter types come from the
/// context's model and the provider's type mappings, so the rows are those SaveChanges would write,
/// on any provider.
/// </summary>
public sealed class BulkInsert<T> : IAsyncDisposable where T : class
{
    private readonly DbCommand _command;
    private readonly List<(IClrPropertyGetter Getter, ValueConverter? Converter, DbParameter Parameter)> _columns;

    /// <summary>Prepares the insert on the context's connection, inside the transaction the caller has begun.</summary>
    public BulkInsert(DbContext db)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert runs inside the caller's transaction.");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().ToList();
        _command = db.Database.GetDbConnection().CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
            $"VALUES ({string.Join(", ", properties.Select((_, i) => sql.GenerateParameterNamePlaceholder("p" + i)))})";
        // The parameters are made once, by the type mappings (types and sizes as SaveChanges sets
        // them); each row only converts and sets the values.
        _columns = properties.Select((p, i) =>
        {
            var mapping = (RelationalTypeMapping)p.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(_command, sql.GenerateParameterName("p" + i), null, p.IsNullable);
            _command.Parameters.Add(parameter);
            return (p.GetGetter(), mapping.Converter, parameter);
        }).ToList();
    }

    public async Task AddAsync(T entity, CancellationToken cancellationToken)
    {
        foreach (var (getter, converter, parameter) in _columns)
        {
            var value = getter.GetClrValue(entity);
            parameter.Value = (converter is null || value is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
        }
        await _command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AddRangeAsync(IEnumerable<T> entities, CancellationToken cancellationToken)
    {
        foreach (var entity in entities) await AddAsync(entity, cancellationToken);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
