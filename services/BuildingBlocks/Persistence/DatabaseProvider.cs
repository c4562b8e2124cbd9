namespace Coordination.BuildingBlocks.Persistence;

public enum DatabaseProvider { Sqlite, PostgreSql, SqlServer }
