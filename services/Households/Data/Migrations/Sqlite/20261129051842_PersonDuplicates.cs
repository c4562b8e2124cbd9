using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Households.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PersonDuplicates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "MergedIntoPersonId",
                table: "Members",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "Members",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PinyinKey",
                table: "Members",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "MergedAt",
                table: "Households",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "MergedIntoHouseholdId",
                table: "Households",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RelatedHouseholdId",
                table: "HouseholdHistory",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PersonDuplicateCandidates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OtherPersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OtherHouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    Reasons = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    FoundAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonDuplicateCandidates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Members_NameKey",
                table: "Members",
                column: "NameKey");

            migrationBuilder.CreateIndex(
                name: "IX_Members_PinyinKey",
                table: "Members",
                column: "PinyinKey");

            migrationBuilder.CreateIndex(
                name: "IX_Households_MergedIntoHouseholdId",
                table: "Households",
                column: "MergedIntoHouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonDuplicateCandidates_PersonId_OtherPersonId",
                table: "PersonDuplicateCandidates",
                columns: new[] { "PersonId", "OtherPersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PersonDuplicateCandidates_Status_RegionCode",
                table: "PersonDuplicateCandidates",
                columns: new[] { "Status", "RegionCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PersonDuplicateCandidates");

            migrationBuilder.DropIndex(
                name: "IX_Members_NameKey",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_PinyinKey",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Households_MergedIntoHouseholdId",
                table: "Households");

            migrationBuilder.DropColumn(
                name: "MergedIntoPersonId",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "PinyinKey",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "MergedAt",
                table: "Households");

            migrationBuilder.DropColumn(
                name: "MergedIntoHouseholdId",
                table: "Households");

            migrationBuilder.DropColumn(
                name: "RelatedHouseholdId",
                table: "HouseholdHistory");
        }
    }
}
