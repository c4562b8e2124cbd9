using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Coordination.BuildingBlocks.Audit;
using Coordination.BuildingBlocks.Messaging;

namespace Coordination.BuildingBlocks.Persistence;

public static class PersistenceExtensions
{
    /// <summary>
    /// Registers the service's DbContext for the configured provider. EF Core keeps one migrations
    /// set per context type, so each provider has a derived context (Data/Migrations/&lt;Provider&gt;);
    /// the application asks only for <typeparamref name="TContext"/>.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDbContext<TContext, TSqlite, TPostgreSql, TSqlServer>(
        this IHostApplicationBuilder builder, string databaseName)
        where TContext : ServiceDbContext
        where TSqlite : TContext
        where TPostgreSql : TContext
        where TSqlServer : TContext
    {
        var options = builder.Configuration.GetSection(PersistenceOptions.Section).Get<PersistenceOptions>() ?? new();
        var services = builder.Services;
        // Only a context with an outbox has rows to hand to the relay (AddMessaging registers its signal).
        var hasOutbox = typeof(MessagingDbContext).IsAssignableFrom(typeof(TContext));
        if (hasOutbox)
        {
            services.AddSingleton<OutboxSignalInterceptor>();
            services.AddHttpContextAccessor();
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<AuditTrail>();
            services.AddSingleton<AuditInterceptor>();
        }

        if (EF.IsDesignTime)
        {
            // `dotnet ef migrations add` builds the host to find the contexts: offer all three.
            Register<TSqlite>(DatabaseProvider.Sqlite, "Data Source=design.db");
            Register<TPostgreSql>(DatabaseProvider.PostgreSql, "Host=localhost");
            Register<TSqlServer>(DatabaseProvider.SqlServer, "Server=localhost");
            AddBaseTypes(typeof(TSqlite));
            return builder;
        }

        var connectionString = options.Provider == DatabaseProvider.Sqlite
            ? options.ConnectionString ?? SqliteFile(builder.Environment.ContentRootPath, options.DataDirectory, databaseName)
            : options.ConnectionString ?? throw new InvalidOperationException(
                $"Persistence:ConnectionString is required for the {options.Provider} provider.");
        var concrete = options.Provider switch
        {
            DatabaseProvider.Sqlite => Register<TSqlite>(options.Provider, connectionString),
            DatabaseProvider.PostgreSql => Register<TPostgreSql>(options.Provider, connectionString),
            _ => Register<TSqlServer>(options.Provider, connectionString),
        };
        AddBaseTypes(concrete);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        if (options.MigrateOnStartup) services.AddHostedService<DatabaseMigrator>();
        return builder;

        void AddBaseTypes(Type concrete)
        {
            services.AddScoped(sp => (TContext)sp.GetRequiredService(concrete));
            services.AddScoped<ServiceDbContext>(sp => sp.GetRequiredService<TContext>());
        }

        Type Register<TConcrete>(DatabaseProvider provider, string cs) where TConcrete : TContext
        {
            var sqlite = provider == DatabaseProvider.Sqlite ? new SqliteConnectionSettings(options.Sqlite) : null;
            // Pooled: a new context per scope (EF's default) rebuilt its options and EF's internal services
            // for every consumed message and every call, a large share of the ledger's processor time and most
            // of what it allocated. A context is reset when its scope ends, before another scope gets it.
            services.AddDbContextPool<TConcrete>((sp, o) =>
            {
                UseProvider(o, provider, cs);
                if (hasOutbox) o.AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>(), sp.GetRequiredService<AuditInterceptor>());
                if (sqlite is not null) o.AddInterceptors(sqlite);
            });
            return typeof(TConcrete);
        }
    }

    /// <summary>
    /// A list in a query (<c>ids.Contains(x.Id)</c>) goes to the database as one array parameter
    /// (json_each, = ANY, OPENJSON), not as EF 10's default of one parameter per element: with that,
    /// the SQL text changes with the list's length, and EF generated it anew for nearly every batch
    /// the ledger wrote, a tenth of what the ledger allocated.
    /// </summary>
    public static DbContextOptionsBuilder UseProvider(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString, o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)),
            DatabaseProvider.PostgreSql => options.UseNpgsql(connectionString, o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)),
            _ => options.UseSqlServer(connectionString, o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)),
        };

    /// <summary>Creates a provider-specific context outside a host: tests, tools.</summary>
    public static TConcrete CreateContext<TConcrete>(DatabaseProvider provider, string connectionString)
        where TConcrete : ServiceDbContext
    {
        var options = UseProvider(new DbContextOptionsBuilder<TConcrete>(), provider, connectionString).Options;
        return (TConcrete)Activator.CreateInstance(typeof(TConcrete), options)!;
    }

    private static string SqliteFile(string contentRoot, string dataDirectory, string databaseName)
    {
        var directory = Path.GetFullPath(Path.Combine(contentRoot, dataDirectory));
        var file = Path.Combine(directory, databaseName + ".db");
        // Personal data lives in these files: readable by their owner only. SQLite creates the -wal and
        // -shm files beside one with its permissions, so the file is made here before SQLite opens it.
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(directory);
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.Open(file, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }).Dispose();
        }
        return $"Data Source={file}";
    }
}
