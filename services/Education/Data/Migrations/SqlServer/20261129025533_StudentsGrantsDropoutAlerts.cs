using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Education.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StudentsGrantsDropoutAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DropoutAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PersonId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RegionCode = table.Column<string>(type: "nchar(12)", fixedLength: true, maxLength: 12, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Term = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ClearedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ClearedReason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DropoutAlerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EducationGuarantees",
                columns: table => new
                {
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Term = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    Met = table.Column<bool>(type: "bit", nullable: false),
                    Explanation = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EducationGuarantees", x => x.HouseholdId);
                });

            migrationBuilder.CreateTable(
                name: "Enrolments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PersonId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RegionCode = table.Column<string>(type: "nchar(12)", fixedLength: true, maxLength: 12, nullable: false),
                    Term = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    SchoolCode = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    SchoolName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Stage = table.Column<int>(type: "int", nullable: false),
                    Boarder = table.Column<bool>(type: "bit", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    WithdrawalReason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Enrolments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RequestKey = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    PersonId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Term = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    BenefitType = table.Column<int>(type: "int", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    Programme = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SchoolCode = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Stage = table.Column<int>(type: "int", nullable: false),
                    GrantedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RevokeReason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ActiveSlot = table.Column<string>(type: "nvarchar(80)", maxLength: 80, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Grants", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DropoutAlerts_HouseholdId",
                table: "DropoutAlerts",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_DropoutAlerts_PersonId_Term",
                table: "DropoutAlerts",
                columns: new[] { "PersonId", "Term" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DropoutAlerts_Term_RegionCode",
                table: "DropoutAlerts",
                columns: new[] { "Term", "RegionCode" });

            migrationBuilder.CreateIndex(
                name: "IX_Enrolments_HouseholdId",
                table: "Enrolments",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_Enrolments_PersonId_Term",
                table: "Enrolments",
                columns: new[] { "PersonId", "Term" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Enrolments_Term_RegionCode",
                table: "Enrolments",
                columns: new[] { "Term", "RegionCode" });

            migrationBuilder.CreateIndex(
                name: "IX_Enrolments_Term_SchoolCode",
                table: "Enrolments",
                columns: new[] { "Term", "SchoolCode" });

            migrationBuilder.CreateIndex(
                name: "IX_Grants_ActiveSlot",
                table: "Grants",
                column: "ActiveSlot",
                unique: true,
                filter: "[ActiveSlot] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Grants_HouseholdId",
                table: "Grants",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_Grants_PersonId_Term",
                table: "Grants",
                columns: new[] { "PersonId", "Term" });

            migrationBuilder.CreateIndex(
                name: "IX_Grants_RequestKey",
                table: "Grants",
                column: "RequestKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DropoutAlerts");

            migrationBuilder.DropTable(
                name: "EducationGuarantees");

            migrationBuilder.DropTable(
                name: "Enrolments");

            migrationBuilder.DropTable(
                name: "Grants");
        }
    }
}
