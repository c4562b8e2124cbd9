using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Households.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AidLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AidDuplicates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RegionCode = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    Rule = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    BenefitTypeCode = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    TriggeringGrantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    GrantIds = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Explanation = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    DetectedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AidDuplicates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AidGrants",
                columns: table => new
                {
                    GrantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RegionCode = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    PersonId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    GrantorKind = table.Column<int>(type: "int", nullable: false),
                    GrantorCode = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    GrantorName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Programme = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    BenefitTypeCode = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    InKindValueFen = table.Column<long>(type: "bigint", nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    GrantedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpenseReference = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    ExpenseAmountFen = table.Column<long>(type: "bigint", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Revoked = table.Column<bool>(type: "bit", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RevocationReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    ReplacedByGrantId = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AidGrants", x => x.GrantId);
                });

            migrationBuilder.CreateTable(
                name: "AidLedgerHouseholds",
                columns: table => new
                {
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Grants = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AidLedgerHouseholds", x => x.HouseholdId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AidDuplicates_HouseholdId",
                table: "AidDuplicates",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_AidDuplicates_RegionCode",
                table: "AidDuplicates",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_AidGrants_HouseholdId_BenefitTypeCode",
                table: "AidGrants",
                columns: new[] { "HouseholdId", "BenefitTypeCode" });

            migrationBuilder.CreateIndex(
                name: "IX_AidGrants_HouseholdId_ExpenseReference",
                table: "AidGrants",
                columns: new[] { "HouseholdId", "ExpenseReference" });

            migrationBuilder.CreateIndex(
                name: "IX_AidGrants_RegionCode_Year",
                table: "AidGrants",
                columns: new[] { "RegionCode", "Year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AidDuplicates");

            migrationBuilder.DropTable(
                name: "AidGrants");

            migrationBuilder.DropTable(
                name: "AidLedgerHouseholds");
        }
    }
}
