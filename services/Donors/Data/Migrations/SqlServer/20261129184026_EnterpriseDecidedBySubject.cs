using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Donors.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class EnterpriseDecidedBySubject : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DecidedBySubject",
                table: "Enterprises",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DecidedBySubject",
                table: "Enterprises");
        }
    }
}
