package io.lakebook.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListGroupsRequest;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.PartialUpdate;
import com.databricks.sdk.service.iam.Patch;
import com.databricks.sdk.service.iam.PatchOp;
import com.databricks.sdk.service.iam.PatchSchema;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.jobs.BaseJob;
import com.databricks.sdk.service.jobs.CreateJob;
import com.databricks.sdk.service.jobs.CronSchedule;
import com.databricks.sdk.service.jobs.Job;
import com.databricks.sdk.service.jobs.JobSettings;
import com.databricks.sdk.service.jobs.ListJobsRequest;
import com.databricks.sdk.service.jobs.ResetJob;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SCIM users and groups (reference §8) and the Jobs API (reference §11) through databricks-sdk-java. */
class ScimGroupsAndJobsTest {
    private static Emulator emulator;
    private static WorkspaceClient admin;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().build().start();
        admin = Sdk.client(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void answersMeWithTheUserTheTokenActsAs() {
        String token = emulator.directory().tokenFor("maria@example.com");
        User me = Sdk.client(emulator, token).currentUser().me(new MeRequest());
        assertEquals("maria@example.com", me.getUserName());
        assertEquals("analyst@example.com", admin.currentUser().me(new MeRequest()).getUserName());
    }

    @Test
    void createsAGroupAndChangesItsMembersWithPatch() {
        User omar = user("omar@example.com");
        User pia = user("pia@example.com");
        Group group = admin.groups().create(new Group().setDisplayName("blocked-for-budget")
                .setMembers(List.of(new ComplexValue().setValue(omar.getId()))));
        admin.groups().patch(new PartialUpdate().setId(group.getId()).setSchemas(List.of(PatchSchema
                .URN_IETF_PARAMS_SCIM_API_MESSAGES_2_0_PATCH_OP)).setOperations(List.of(
                new Patch().setOp(PatchOp.ADD).setPath("members").setValue(List.of(Map.of("value", pia.getId()))),
                new Patch().setOp(PatchOp.REMOVE).setPath("members[value eq \"" + omar.getId() + "\"]"))));
        Group found = StreamSupport.stream(admin.groups().list(new ListGroupsRequest()
                .setFilter("displayName eq \"blocked-for-budget\"")).spliterator(), false).findFirst().orElseThrow();
        assertEquals(List.of(pia.getId()), found.getMembers().stream().map(ComplexValue::getValue).toList());
        assertEquals(java.util.Set.of("pia@example.com"), emulator.directory().membersOf("blocked-for-budget"));
        assertThrows(ResourceConflict.class, () -> admin.groups().create(new Group()
                .setDisplayName("blocked-for-budget")));
    }

    @Test
    void listsEveryUserAcrossOffsetPages() {
        for (int i = 0; i < 120; i++) {
            emulator.directory().tokenFor("pager" + i + "@example.com");
        }
        long count = StreamSupport.stream(admin.users().list(new ListUsersRequest().setCount(50L)).spliterator(),
                false).filter(user -> user.getUserName().startsWith("pager")).count();
        assertEquals(120, count);
    }

    @Test
    void createsGetsListsAndResetsAScheduledJob() {
        CronSchedule schedule = new CronSchedule().setQuartzCronExpression("0 0/15 * * * ?")
                .setTimezoneId("Pacific/Kiritimati");
        long id = admin.jobs().create(new CreateJob().setName("budget guard").setMaxConcurrentRuns(1L)
                .setSchedule(schedule)).getJobId();
        admin.jobs().reset(new ResetJob().setJobId(id).setNewSettings(new JobSettings().setName("budget guard")
                .setMaxConcurrentRuns(1L).setSchedule(schedule.setQuartzCronExpression("0 0/30 * * * ?"))));
        Job job = admin.jobs().get(id);
        assertEquals("0 0/30 * * * ?", job.getSettings().getSchedule().getQuartzCronExpression());
        assertEquals(1L, job.getSettings().getMaxConcurrentRuns());
        List<BaseJob> named = StreamSupport.stream(admin.jobs().list(new ListJobsRequest().setName("budget guard"))
                .spliterator(), false).toList();
        assertEquals(List.of(id), named.stream().map(BaseJob::getJobId).toList());
        assertThrows(ResourceDoesNotExist.class, () -> admin.jobs().get(id + 999));
    }

    @Test
    void refusesAScheduleWithoutTimeZone() {
        Exception refused = assertThrows(Exception.class, () -> admin.jobs().create(new CreateJob().setName("x")
                .setSchedule(new CronSchedule().setQuartzCronExpression("0 0 * * * ?"))));
        assertTrue(refused.getMessage().contains("timezone_id"), refused.getMessage());
    }

    private static User user(String name) {
        emulator.directory().tokenFor(name);
        return StreamSupport.stream(admin.users().list(new ListUsersRequest().setFilter("userName eq \"" + name
                + "\"")).spliterator(), false).findFirst().orElseThrow();
    }
}
