using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Coordination.Households.Registration;

/// <summary>
/// Inserts new entities of one type with one reused INSERT command, bypassing the change tracker:
/// the bulk import writes hundreds of thousands of rows that nothing reads back in the same request,
/// and EF Core's tracking and per-entity bookkeeping cost more than the database does. Columns,
/// quoting and value conversions come from the context's model and the provider's type mappings,
/// so the rows are exactly those SaveChanges would write, on any provider.
/// </summary>
public sealed class BulkInsert<T> : IAsyncDisposable where T : class
{
    private readonly DbCommand _command;
    private readonly List<(IClrPropertyGetter Getter, ValueConverter? Converter, DbParameter Parameter)> _columns;

    public BulkInsert(DbContext db, DbTransaction transaction)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().ToList();
        _command = db.Database.GetDbConnection().CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
            $"VALUES ({string.Join(", ", properties.Select((_, i) => sql.GenerateParameterNamePlaceholder("p" + i)))})";
        // The parameters are made once, by the provider's type mappings (types, sizes, as SaveChanges
        // would); each row only converts and sets the values.
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

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
