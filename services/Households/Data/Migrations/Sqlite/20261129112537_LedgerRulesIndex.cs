using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Households.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LedgerRulesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AidGrants_HouseholdId_ExpenseReference",
                table: "AidGrants");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AidGrants_HouseholdId_ExpenseReference",
                table: "AidGrants",
                columns: new[] { "HouseholdId", "ExpenseReference" });
        }
    }
}
