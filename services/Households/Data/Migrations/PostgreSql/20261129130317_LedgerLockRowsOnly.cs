using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Households.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class LedgerLockRowsOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Grants",
                table: "AidLedgerHouseholds");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Grants",
                table: "AidLedgerHouseholds",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }
    }
}
