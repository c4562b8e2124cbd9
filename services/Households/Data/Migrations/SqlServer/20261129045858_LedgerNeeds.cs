using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Households.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LedgerNeeds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HouseholdNeeds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PersonId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    RegionCode = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    Category = table.Column<int>(type: "int", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Severity = table.Column<int>(type: "int", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ClosedReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HouseholdNeeds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HouseholdSupport",
                columns: table => new
                {
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EducationGuaranteeMet = table.Column<bool>(type: "bit", nullable: true),
                    EducationTerm = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    EducationExplanation = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    EducationChangedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    MedicalGuaranteeMet = table.Column<bool>(type: "bit", nullable: true),
                    MedicalYear = table.Column<int>(type: "int", nullable: false),
                    MedicalExplanation = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    MedicalChangedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    IndustryProject = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HouseholdSupport", x => x.HouseholdId);
                });

            migrationBuilder.CreateTable(
                name: "RegionDisasters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RegionPrefix = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    RaisedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    HouseholdsFlagged = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegionDisasters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MemberSupport",
                columns: table => new
                {
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PersonId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    LargeExpenseClaimId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    LargeExpenseOutOfPocketFen = table.Column<long>(type: "bigint", nullable: false),
                    LargeExpenseAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DropoutTerm = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberSupport", x => new { x.HouseholdId, x.PersonId });
                    table.ForeignKey(
                        name: "FK_MemberSupport_HouseholdSupport_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "HouseholdSupport",
                        principalColumn: "HouseholdId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HouseholdNeeds_HouseholdId_ClosedAt",
                table: "HouseholdNeeds",
                columns: new[] { "HouseholdId", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_HouseholdNeeds_RegionCode_ClosedAt",
                table: "HouseholdNeeds",
                columns: new[] { "RegionCode", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RegionDisasters_RegionPrefix",
                table: "RegionDisasters",
                column: "RegionPrefix");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HouseholdNeeds");

            migrationBuilder.DropTable(
                name: "MemberSupport");

            migrationBuilder.DropTable(
                name: "RegionDisasters");

            migrationBuilder.DropTable(
                name: "HouseholdSupport");
        }
    }
}
