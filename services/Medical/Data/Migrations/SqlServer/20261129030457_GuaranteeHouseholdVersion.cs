using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Medical.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class GuaranteeHouseholdVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "HouseholdVersion",
                table: "MedicalGuarantees",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HouseholdVersion",
                table: "MedicalGuarantees");
        }
    }
}
