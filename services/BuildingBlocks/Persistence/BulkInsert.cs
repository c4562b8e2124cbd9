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
/// on any provider. With <c>skipExistingKeys</c>, a row whose primary key is in the table already (or
/// was added earlier by this command) is not inserted, and <see cref="AddAsync"/> says so: one statement
/// does what a lookup and an insert did (the group commit's inbox).
/// </summary>
public sealed class BulkInsert<T> : IAsyncDisposable where T : class
{
    private readonly DbCommand _command;
    private readonly List<(IClrPropertyGetter Getter, ValueConverter? Converter, DbParameter Parameter)> _columns;

    /// <summary>Prepares the insert on the context's connection, inside the transaction the caller has begun.</summary>
    public BulkInsert(DbContext db, bool skipExistingKeys = false)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert runs inside the caller's transaction.");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().ToList();
        _command = db.Database.GetDbConnection().CreateCommand();
        _command.Transaction = transaction;
        var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
        string Parameter(IProperty p) => sql.GenerateParameterNamePlaceholder("p" + properties.IndexOf(p));
        var insert = $"INSERT INTO {tableName} ({string.Join(", ", properties.Select(Column))}) ";
        var values = string.Join(", ", properties.Select(Parameter));
        // INSERT … SELECT … WHERE NOT EXISTS rather than ON CONFLICT: SQL Server has no ON CONFLICT.
        var key = entity.FindPrimaryKey()?.Properties ?? throw new InvalidOperationException($"{typeof(T).Name} has no primary key.");
        _command.CommandText = skipExistingKeys
            ? insert + $"SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM {tableName} WHERE {string.Join(" AND ", key.Select(k => $"{Column(k)} = {Parameter(k)}"))})"
            : insert + $"VALUES ({values})";
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

    /// <summary>Inserts the row; false when it was skipped (its key exists, with <c>skipExistingKeys</c>).</summary>
    public async Task<bool> AddAsync(T entity, CancellationToken cancellationToken)
    {
        foreach (var (getter, converter, parameter) in _columns)
        {
            var value = getter.GetClrValue(entity);
            parameter.Value = (converter is null || value is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
        }
        return await _command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task AddRangeAsync(IEnumerable<T> entities, CancellationToken cancellationToken)
    {
        foreach (var entity in entities) await AddAsync(entity, cancellationToken);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
