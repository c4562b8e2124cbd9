using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Households.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class RegistryImportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_NameKey",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Households_MergedIntoHouseholdId",
                table: "Households");

            migrationBuilder.CreateIndex(
                name: "IX_Households_MergedIntoHouseholdId",
                table: "Households",
                column: "MergedIntoHouseholdId",
                filter: "\"MergedIntoHouseholdId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Households_MergedIntoHouseholdId",
                table: "Households");

            migrationBuilder.CreateIndex(
                name: "IX_Members_NameKey",
                table: "Members",
                column: "NameKey");

            migrationBuilder.CreateIndex(
                name: "IX_Households_MergedIntoHouseholdId",
                table: "Households",
                column: "MergedIntoHouseholdId");
        }
    }
}
