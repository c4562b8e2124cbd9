using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Households.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GrantRegionThroughHouseholds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AidGrants_RegionCode_Year",
                table: "AidGrants");

            migrationBuilder.DropColumn(
                name: "RegionCode",
                table: "AidGrants");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RegionCode",
                table: "AidGrants",
                type: "TEXT",
                maxLength: 12,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_AidGrants_RegionCode_Year",
                table: "AidGrants",
                columns: new[] { "RegionCode", "Year" });
        }
    }
}
