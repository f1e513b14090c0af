package io.lakebook.guard.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BudgetFileTest {
    private static final String MINIMAL = """
            period: daily
            time_zone: Pacific/Kiritimati
            endpoints: [databricks-claude-sonnet-4-5]
            default_budget: 5
            prices:
              databricks-claude-sonnet-4-5:
                - valid_from: 2026-01-01
                  input_per_million: 3
                  output_per_million: 15
            """;

    @Test
    void readsTheSampleFileInTheRepository() {
        Budgets budgets = BudgetFile.read(Path.of("budgets.sample.yaml"));
        assertEquals(Period.DAILY, budgets.period());
        assertEquals(ZoneId.of("Europe/Berlin"), budgets.zone());
        assertEquals(new BigDecimal("25.00"), budgets.users().get("lead@example.com"));
        assertEquals(new BigDecimal("100.00"), budgets.groups().get("data-science").shared().orElseThrow());
        assertEquals(new BigDecimal("0.80"), budgets.softWarning());
        assertEquals(Duration.ofMinutes(15), budgets.interval());
        assertTrue(budgets.webhook().isPresent());
        assertEquals("lakebook-guard-blocked", budgets.blockGroup());
    }

    @Test
    void startsPricesAndExemptionsAtMidnightInTheBudgetsTimeZone() {
        Budgets budgets = BudgetFile.parse(MINIMAL + """
                exemptions:
                  - user: Boss@Example.com
                    until: 2026-03-01
                """, "b.yaml");
        // Kiritimati is UTC+14: its midnight is 10:00 UTC the day before.
        assertEquals(Instant.parse("2025-12-31T10:00:00Z"), budgets.prices().models()
                .get("databricks-claude-sonnet-4-5").get(0).validFrom());
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), budgets.exemptions().get(0).until());
        assertEquals("boss@example.com", budgets.exemptions().get(0).user());
    }

    @Test
    void takesServicePrincipalsByApplicationIdForBudgetsAndExemptions() {
        String robot = "6F3C2A1E-0B7D-4C5E-9A3F-11D2C4B5A601";
        Budgets budgets = BudgetFile.parse(MINIMAL + "users:\n  " + robot + ": 20\nexemptions:\n  - user: " + robot
                + "\n    until: 2026-03-01\nunblock_margin: 20%\ndefault_lag: 5m\n", "b.yaml");
        assertEquals(new BigDecimal("20"), budgets.users().get(robot.toLowerCase()));
        assertEquals(robot.toLowerCase(), budgets.exemptions().get(0).user());
        assertEquals(new BigDecimal("0.20"), budgets.unblockMargin());
        assertEquals(Duration.ofMinutes(5), budgets.defaultLag());
        assertRefused(MINIMAL + "users:\n  robot-7: 3\n", 11, "users.robot-7 must be a user's e-mail address or a "
                + "service principal's application id");
    }

    @Test
    void refusesAnUnblockMarginOfTheWholeBudget() {
        assertRefused(MINIMAL + "unblock_margin: 100%\n", 10, "unblock_margin must be a share of the budget");
    }

    @Test
    void refusesAnUnknownKeyWithItsLine() {
        assertRefused(MINIMAL + "soft_warnings: 80%\n", 10, "unknown key 'soft_warnings'");
    }

    @Test
    void refusesAFileWithoutATimeZone() {
        assertRefused(MINIMAL.replace("time_zone: Pacific/Kiritimati\n", ""), 1, "the file needs 'time_zone'");
    }

    @Test
    void refusesAnUnknownTimeZone() {
        assertRefused(MINIMAL.replace("Pacific/Kiritimati", "Mars/Olympus"), 2, "time_zone must be a time zone");
    }

    @Test
    void refusesAPeriodThatIsNotDailyWeeklyOrMonthly() {
        assertRefused(MINIMAL.replace("period: daily", "period: hourly"), 1, "must be daily, weekly or monthly");
    }

    @Test
    void refusesAnAmountThatIsNotANumber() {
        assertRefused(MINIMAL.replace("default_budget: 5", "default_budget: five dollars"), 4,
                "default_budget must be an amount such as 12.50, got 'five dollars'");
    }

    @Test
    void refusesAPriceWithoutOutputPrice() {
        assertRefused(MINIMAL.replace("      output_per_million: 15\n", ""), 7,
                "prices.databricks-claude-sonnet-4-5[1] needs 'output_per_million'");
    }

    @Test
    void refusesAUserBudgetThatIsNotForAnEmailAddress() {
        assertRefused(MINIMAL + "users:\n  ada: 3\n", 11, "users.ada must be a user's e-mail address");
    }

    @Test
    void refusesAKeyGivenTwice() {
        assertRefused(MINIMAL + "default_budget: 6\n", 10, "'default_budget' appears twice");
    }

    @Test
    void refusesEmailNotificationsWithTheReason() {
        assertRefused(MINIMAL + "notify:\n  email: admins@example.com\n", 11, "no API that sends an e-mail");
    }

    @Test
    void refusesASoftWarningAboveTheBudget() {
        assertRefused(MINIMAL + "soft_warning: 120%\n", 10, "soft_warning must be a share of the budget");
    }

    @Test
    void refusesBrokenYamlWithTheLineOfTheProblem() {
        assertRefused(MINIMAL + "users:\n  ada@example.com: [3\n", 12, "flow sequence that starts on line 11");
    }

    @Test
    void refusesAnEmptyFile() {
        assertRefused("# nothing yet\n", 0, "is empty");
    }

    @Test
    void refusesAGroupWithoutAnyBudget() {
        assertRefused(MINIMAL + "groups:\n  interns: {}\n", 11, "groups.interns needs budget");
    }

    @Test
    void refusesAStateSchemaThatIsNotCatalogDotSchema() {
        assertRefused(MINIMAL + "state:\n  schema: guard\n", 11, "state.schema must be catalog.schema");
    }

    private static void assertRefused(String yaml, int line, String reason) {
        BudgetFileException refused = assertThrows(BudgetFileException.class, () -> BudgetFile.parse(yaml,
                "budgets.yaml"));
        assertEquals(line, refused.line(), refused.getMessage());
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
        assertTrue(refused.getMessage().startsWith("budgets.yaml"), refused.getMessage());
    }
}
