package io.lakebook.guard.workspace;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListGroupsRequest;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.databricks.sdk.service.iam.PartialUpdate;
import com.databricks.sdk.service.iam.Patch;
import com.databricks.sdk.service.iam.PatchOp;
import com.databricks.sdk.service.iam.PatchSchema;
import com.databricks.sdk.service.iam.User;
import io.lakebook.core.remote.Failures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

/**
 * The workspace's groups through SCIM (reference §8): who belongs to the groups the budgets name (members of nested
 * groups included), and the membership of the group the guard manages for blocking when an endpoint runs out of
 * rate-limit entries. Members are SCIM ids; user names are looked up once per run.
 */
public final class Groups {
    private final WorkspaceClient workspace;
    private Map<String, String> userNames;

    public Groups(WorkspaceClient workspace) {
        this.workspace = workspace;
    }

    /**
     * The members (lower-case user names) of each named group that exists; a group the workspace does not have is
     * left out of the map.
     */
    public Map<String, Set<String>> members(Collection<String> names) {
        Map<String, Set<String>> members = new HashMap<>();
        for (String name : names) {
            Optional<Group> group = find(name);
            if (group.isPresent()) {
                Set<String> users = new TreeSet<>();
                collect(group.get().getId(), users, new HashSet<>());
                members.put(name, users);
            }
        }
        return members;
    }

    /** The user names in the managed group; empty when the group does not exist. */
    public Set<String> managedMembers(String name) {
        return members(List.of(name)).getOrDefault(name, Set.of());
    }

    /**
     * Makes the managed group hold exactly {@code users}, creating it when needed; users the workspace does not know
     * are returned, as they cannot be added.
     */
    public List<String> setManaged(String name, Set<String> users, boolean onlyAdd) {
        Optional<Group> found = find(name);
        if (found.isEmpty() && users.isEmpty()) {
            return List.of();
        }
        Group group = found.orElseGet(() -> Failures.call(() -> workspace.groups().create(new Group()
                .setDisplayName(name)), "create the group " + name + " (the guard's principal needs to be a "
                + "workspace admin)"));
        Set<String> now = managedMembers(name);
        Map<String, String> ids = userIds();
        List<Patch> patches = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<Map<String, String>> added = new ArrayList<>();
        for (String user : users) {
            if (!now.contains(user)) {
                String id = ids.get(user);
                if (id == null) {
                    unknown.add(user);
                } else {
                    added.add(Map.of("value", id));
                }
            }
        }
        if (!added.isEmpty()) {
            patches.add(new Patch().setOp(PatchOp.ADD).setPath("members").setValue(added));
        }
        if (!onlyAdd) {
            now.stream().filter(user -> !users.contains(user) && ids.containsKey(user)).forEach(user -> patches.add(
                    new Patch().setOp(PatchOp.REMOVE).setPath("members[value eq \"" + ids.get(user) + "\"]")));
        }
        if (!patches.isEmpty()) {
            Failures.call(() -> {
                workspace.groups().patch(new PartialUpdate().setId(group.getId()).setSchemas(List.of(
                        PatchSchema.URN_IETF_PARAMS_SCIM_API_MESSAGES_2_0_PATCH_OP)).setOperations(patches));
                return null;
            }, "change the members of group " + name);
        }
        return unknown;
    }

    private Optional<Group> find(String name) {
        Iterable<Group> groups = Failures.call(() -> workspace.groups().list(new ListGroupsRequest()
                .setFilter("displayName eq \"" + name + "\"").setAttributes("id,displayName")), "find group " + name);
        return StreamSupport.stream(groups.spliterator(), false).filter(g -> name.equals(g.getDisplayName()))
                .findFirst();
    }

    private void collect(String groupId, Set<String> users, Set<String> seen) {
        if (!seen.add(groupId)) {
            return;
        }
        Group group = Failures.call(() -> workspace.groups().get(groupId), "read the members of group " + groupId);
        for (ComplexValue member : group.getMembers() == null ? List.<ComplexValue>of() : group.getMembers()) {
            String ref = member.getRef() == null ? "" : member.getRef();
            if (ref.startsWith("Groups/")) {
                collect(member.getValue(), users, seen);
            } else {
                Optional.ofNullable(userNamesById().get(member.getValue())).ifPresent(users::add);
            }
        }
    }

    private Map<String, String> userNamesById() {
        if (userNames == null) {
            Map<String, String> names = new HashMap<>();
            Iterable<User> users = Failures.call(() -> workspace.users().list(new ListUsersRequest()
                    .setAttributes("id,userName")), "list the workspace's users");
            users.forEach(user -> names.put(user.getId(), user.getUserName().toLowerCase(Locale.ROOT)));
            userNames = names;
        }
        return userNames;
    }

    private Map<String, String> userIds() {
        Map<String, String> ids = new HashMap<>();
        userNamesById().forEach((id, name) -> ids.put(name, id));
        return ids;
    }
}
