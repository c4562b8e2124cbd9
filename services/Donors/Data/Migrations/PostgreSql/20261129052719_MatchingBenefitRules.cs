using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordination.Donors.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class MatchingBenefitRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BenefitTypeCode",
                table: "ReceivedGrants",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "GrantorCode",
                table: "ReceivedGrants",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "PeriodEnd",
                table: "ReceivedGrants",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "PeriodStart",
                table: "ReceivedGrants",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<Guid>(
                name: "PersonId",
                table: "ReceivedGrants",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BenefitTypeCode",
                table: "Pledges",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "BenefitTypeCode",
                table: "Allocations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "PeriodEnd",
                table: "Allocations",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "PeriodStart",
                table: "Allocations",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.CreateIndex(
                name: "IX_Needs_HouseholdId",
                table: "Needs",
                column: "HouseholdId");

            // Rows from before the catalogue's rules: pledges get their kind's donor code, allocations
            // their pledge's code and validity. Grants received before carry no code (their events are gone).
            migrationBuilder.Sql("""
                UPDATE "Pledges" SET "BenefitTypeCode" = CASE "Kind" WHEN 1 THEN 'donor.money' WHEN 2 THEN 'donor.goods'
                    WHEN 3 THEN 'donor.jobs' ELSE 'donor.training' END WHERE "BenefitTypeCode" = ''
                """);
            migrationBuilder.Sql("""
                UPDATE "Allocations" SET
                    "BenefitTypeCode" = (SELECT p."BenefitTypeCode" FROM "Pledges" p WHERE p."Id" = "Allocations"."PledgeId"),
                    "PeriodStart" = (SELECT p."ValidFrom" FROM "Pledges" p WHERE p."Id" = "Allocations"."PledgeId"),
                    "PeriodEnd" = (SELECT p."ValidUntil" FROM "Pledges" p WHERE p."Id" = "Allocations"."PledgeId")
                WHERE "BenefitTypeCode" = ''
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Needs_HouseholdId",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "BenefitTypeCode",
                table: "ReceivedGrants");

            migrationBuilder.DropColumn(
                name: "GrantorCode",
                table: "ReceivedGrants");

            migrationBuilder.DropColumn(
                name: "PeriodEnd",
                table: "ReceivedGrants");

            migrationBuilder.DropColumn(
                name: "PeriodStart",
                table: "ReceivedGrants");

            migrationBuilder.DropColumn(
                name: "PersonId",
                table: "ReceivedGrants");

            migrationBuilder.DropColumn(
                name: "BenefitTypeCode",
                table: "Pledges");

            migrationBuilder.DropColumn(
                name: "BenefitTypeCode",
                table: "Allocations");

            migrationBuilder.DropColumn(
                name: "PeriodEnd",
                table: "Allocations");

            migrationBuilder.DropColumn(
                name: "PeriodStart",
                table: "Allocations");
        }
    }
}
