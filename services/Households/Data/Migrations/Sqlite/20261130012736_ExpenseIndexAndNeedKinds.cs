using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Households.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExpenseIndexAndNeedKinds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HouseholdNeeds_HouseholdId_ClosedAt",
                table: "HouseholdNeeds");

            migrationBuilder.CreateIndex(
                name: "IX_HouseholdNeeds_HouseholdId_ClosedAt_Kind",
                table: "HouseholdNeeds",
                columns: new[] { "HouseholdId", "ClosedAt", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_AidGrants_Expense",
                table: "AidGrants",
                column: "ExpenseReference",
                filter: "\"ExpenseReference\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HouseholdNeeds_HouseholdId_ClosedAt_Kind",
                table: "HouseholdNeeds");

            migrationBuilder.DropIndex(
                name: "IX_AidGrants_Expense",
                table: "AidGrants");

            migrationBuilder.CreateIndex(
                name: "IX_HouseholdNeeds_HouseholdId_ClosedAt",
                table: "HouseholdNeeds",
                columns: new[] { "HouseholdId", "ClosedAt" });
        }
    }
}
