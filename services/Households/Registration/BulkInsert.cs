using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

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
    private readonly List<(IProperty Property, RelationalTypeMapping Mapping, string Name, string Placeholder)> _columns;

    public BulkInsert(DbContext db, DbTransaction transaction)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        _columns = entity.GetProperties()
            .Select((p, i) => (p, (RelationalTypeMapping)p.GetRelationalTypeMapping(), sql.GenerateParameterName("p" + i), sql.GenerateParameterNamePlaceholder("p" + i)))
            .ToList();
        _command = db.Database.GetDbConnection().CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", _columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) " +
            $"VALUES ({string.Join(", ", _columns.Select(c => c.Placeholder))})";
    }

    public async Task AddAsync(T entity, CancellationToken cancellationToken)
    {
        _command.Parameters.Clear();
        for (var i = 0; i < _columns.Count; i++)
        {
            var (property, mapping, name, _) = _columns[i];
            // CreateParameter applies the property's value converter and the provider's parameter settings.
            _command.Parameters.Add(mapping.CreateParameter(_command, name, property.GetGetter().GetClrValue(entity), property.IsNullable));
        }
        await _command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
