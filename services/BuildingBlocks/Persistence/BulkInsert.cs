using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Coordination.BuildingBlocks.Persistence;

/// <summary>
/// Inserts new entities of one type with one reused INSERT command, bypassing the change tracker, for
/// rows written in bulk that nothing reads back from the tracker (a batch of consumed messages and
/// their inbox rows). Columns, quoting and value conversions come from the context's model and the
/// provider's type mappings, so the rows are those SaveChanges would write, on any provider. (The
/// same technique as the households registry's import, Registration/BulkInsert.cs, which could use
/// this one.)
/// </summary>
public sealed class BulkInsert<T> : IAsyncDisposable where T : class
{
    private readonly DbCommand _command;
    private readonly List<(IProperty Property, RelationalTypeMapping Mapping, string Name)> _columns;

    public BulkInsert(DbContext db)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert runs inside the caller's transaction.");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select((p, i) => (Property: p, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping(), Name: sql.GenerateParameterName("p" + i), Placeholder: sql.GenerateParameterNamePlaceholder("p" + i)))
            .ToList();
        _columns = [.. columns.Select(c => (c.Property, c.Mapping, c.Name))];
        _command = db.Database.GetDbConnection().CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) " +
            $"VALUES ({string.Join(", ", columns.Select(c => c.Placeholder))})";
    }

    public async Task AddAsync(T entity, CancellationToken cancellationToken)
    {
        _command.Parameters.Clear();
        foreach (var (property, mapping, name) in _columns)
        {
            // CreateParameter applies the property's value converter and the provider's parameter settings.
            _command.Parameters.Add(mapping.CreateParameter(_command, name, property.GetGetter().GetClrValue(entity), property.IsNullable));
        }
        await _command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AddRangeAsync(IEnumerable<T> entities, CancellationToken cancellationToken)
    {
        foreach (var entity in entities) await AddAsync(entity, cancellationToken);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
