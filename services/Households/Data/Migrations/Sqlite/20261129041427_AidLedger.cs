using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Households.Data.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    BenefitTypeCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TriggeringGrantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GrantIds = table.Column<string>(type: "TEXT", nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DetectedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AidDuplicates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AidGrants",
                columns: table => new
                {
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    GrantorKind = table.Column<int>(type: "INTEGER", nullable: false),
                    GrantorCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    GrantorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Programme = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BenefitTypeCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    InKindValueFen = table.Column<long>(type: "INTEGER", nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    GrantedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpenseReference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ExpenseAmountFen = table.Column<long>(type: "INTEGER", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Revoked = table.Column<bool>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevocationReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ReplacedByGrantId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AidGrants", x => x.GrantId);
                });

            migrationBuilder.CreateTable(
                name: "AidLedgerHouseholds",
                columns: table => new
                {
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Grants = table.Column<long>(type: "INTEGER", nullable: false)
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
