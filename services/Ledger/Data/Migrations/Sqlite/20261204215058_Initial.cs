using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Ledger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
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
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AidLedgerHouseholds", x => x.HouseholdId);
                });

            migrationBuilder.CreateTable(
                name: "AuditRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Change = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    TraceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExitEvaluations",
                columns: table => new
                {
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HouseholdVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    Eligible = table.Column<bool>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    EvaluatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExitEvaluations", x => x.HouseholdId);
                });

            migrationBuilder.CreateTable(
                name: "HouseholdNeeds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Category = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HouseholdNeeds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HouseholdSupport",
                columns: table => new
                {
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EducationGuaranteeMet = table.Column<bool>(type: "INTEGER", nullable: true),
                    EducationTerm = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    EducationExplanation = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    EducationChangedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    MedicalGuaranteeMet = table.Column<bool>(type: "INTEGER", nullable: true),
                    MedicalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    MedicalExplanation = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    MedicalChangedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IndustryProject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HouseholdSupport", x => x.HouseholdId);
                });

            migrationBuilder.CreateTable(
                name: "InboxMessages",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Consumer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxMessages", x => new { x.MessageId, x.Consumer });
                });

            migrationBuilder.CreateTable(
                name: "KnownHouseholds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 12, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ExitYear = table.Column<int>(type: "INTEGER", nullable: true),
                    MergedInto = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PovertyCauses = table.Column<string>(type: "TEXT", nullable: false),
                    IncomePerCapitaFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Housing = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnownHouseholds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TraceParent = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ClaimToken = table.Column<Guid>(type: "TEXT", nullable: true),
                    LockedUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RegionDisasters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegionPrefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    RaisedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HouseholdsFlagged = table.Column<int>(type: "INTEGER", nullable: false),
                    ClearedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClearedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegionDisasters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MemberSupport",
                columns: table => new
                {
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LargeExpenseClaimId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LargeExpenseOutOfPocketFen = table.Column<long>(type: "INTEGER", nullable: false),
                    LargeExpenseAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DropoutTerm = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true)
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

            migrationBuilder.CreateTable(
                name: "KnownMembers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Relation = table.Column<int>(type: "INTEGER", nullable: false),
                    Sex = table.Column<int>(type: "INTEGER", nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Health = table.Column<int>(type: "INTEGER", nullable: false),
                    LabourCapacity = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolingStage = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnownMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KnownMembers_KnownHouseholds_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "KnownHouseholds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KnownMonitoringFlags",
                columns: table => new
                {
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Category = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnownMonitoringFlags", x => new { x.HouseholdId, x.Category });
                    table.ForeignKey(
                        name: "FK_KnownMonitoringFlags_KnownHouseholds_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "KnownHouseholds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
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
                name: "IX_AidGrants_Expense",
                table: "AidGrants",
                column: "ExpenseReference",
                filter: "\"ExpenseReference\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AidGrants_HouseholdAid",
                table: "AidGrants",
                columns: new[] { "HouseholdId", "BenefitTypeCode", "GrantorCode", "Year", "Revoked", "AmountFen", "InKindValueFen" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_ClientId_At",
                table: "AuditRecords",
                columns: new[] { "ClientId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_RecordType_RecordId",
                table: "AuditRecords",
                columns: new[] { "RecordType", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_HouseholdNeeds_HouseholdId_ClosedAt_Kind",
                table: "HouseholdNeeds",
                columns: new[] { "HouseholdId", "ClosedAt", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_HouseholdNeeds_RegionCode_ClosedAt",
                table: "HouseholdNeeds",
                columns: new[] { "RegionCode", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_ProcessedAt",
                table: "InboxMessages",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_KnownHouseholds_RegionCode",
                table: "KnownHouseholds",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_KnownMembers_HouseholdId",
                table: "KnownMembers",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_ClaimToken",
                table: "OutboxMessages",
                column: "ClaimToken");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_SentAt_NextAttemptAt",
                table: "OutboxMessages",
                columns: new[] { "SentAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RegionDisasters_RegionPrefix",
                table: "RegionDisasters",
                column: "RegionPrefix");
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

            migrationBuilder.DropTable(
                name: "AuditRecords");

            migrationBuilder.DropTable(
                name: "ExitEvaluations");

            migrationBuilder.DropTable(
                name: "HouseholdNeeds");

            migrationBuilder.DropTable(
                name: "InboxMessages");

            migrationBuilder.DropTable(
                name: "KnownMembers");

            migrationBuilder.DropTable(
                name: "KnownMonitoringFlags");

            migrationBuilder.DropTable(
                name: "MemberSupport");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "RegionDisasters");

            migrationBuilder.DropTable(
                name: "KnownHouseholds");

            migrationBuilder.DropTable(
                name: "HouseholdSupport");
        }
    }
}
