using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Households.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LedgerQueryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AidGrants_HouseholdId_BenefitTypeCode",
                table: "AidGrants");

            migrationBuilder.CreateIndex(
                name: "IX_AidGrants_HouseholdAid",
                table: "AidGrants",
                columns: new[] { "HouseholdId", "BenefitTypeCode", "GrantorCode", "Year", "Revoked", "AmountFen", "InKindValueFen" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AidGrants_HouseholdAid",
                table: "AidGrants");

            migrationBuilder.CreateIndex(
                name: "IX_AidGrants_HouseholdId_BenefitTypeCode",
                table: "AidGrants",
                columns: new[] { "HouseholdId", "BenefitTypeCode" });
        }
    }
}
