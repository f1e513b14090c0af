package io.lakebook.emulator.scim;

import io.lakebook.emulator.EmulatorException;
import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.identity.ScimUser;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workspace's users and groups (SCIM, reference §8) and the personal access tokens of its users. A fresh
 * workspace holds its own user and the built-in groups {@code users} (everyone) and {@code admins} (its own user).
 * Tests add people with {@link #tokenFor}, which also hands out a token that acts as that person, and groups with
 * {@link #addGroup} and {@link #addMember}.
 * Thread-safe.
 */
public final class Directory {
    /** The built-in group every workspace user belongs to. */
    public static final String ALL_USERS = "users";
    /** The built-in group of the workspace's admins; the workspace's own user is one. */
    public static final String ADMINS = "admins";
    private static final String ALL_USERS_ID = "7294015522093411";
    private static final String ADMINS_ID = "7294015522093412";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, ScimUser> users = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final String owner;

    /** A group: its id, name and the ids of its members (users or groups). */
    record Group(String id, String displayName, Set<String> members) {
    }

    public Directory(ScimUser owner) {
        this.owner = owner.userName();
        users.put(owner.id(), owner);
        groups.put(ALL_USERS_ID, new Group(ALL_USERS_ID, ALL_USERS, new LinkedHashSet<>(List.of(owner.id()))));
        groups.put(ADMINS_ID, new Group(ADMINS_ID, ADMINS, new LinkedHashSet<>(List.of(owner.id()))));
    }

    /** The user name calls with the workspace's own token act as. */
    public String owner() {
        return owner;
    }

    /**
     * A new personal access token acting as {@code userName}; the user is added to the workspace first if needed.
     * The token is the caller's to keep: it never appears in a log.
     */
    public synchronized String tokenFor(String userName) {
        user(userName).orElseGet(() -> addUser(userName, userName));
        String token = "dapi" + HexFormat.of().formatHex(random.generateSeed(16));
        tokens.put(token, userName);
        return token;
    }

    /** The user a personal access token acts as. */
    public Optional<String> userOfToken(String token) {
        return Optional.ofNullable(tokens.get(token));
    }

    /** Adds a user (and makes them a member of {@code users}); the SCIM id is random, as a workspace's is. */
    public synchronized ScimUser addUser(String userName, String displayName) {
        if (user(userName).isPresent()) {
            throw new ApiException(409, "RESOURCE_CONFLICT", "User with username " + userName + " already exists.");
        }
        ScimUser user = new ScimUser(newId(), userName, displayName, true, null,
                List.of(new ScimUser.Value(userName, null, "work", true, null)), List.of(), List.of(),
                List.of("urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:workspace:2.0:User"));
        users.put(user.id(), user);
        groups.get(ALL_USERS_ID).members().add(user.id());
        return user;
    }

    /** Adds an empty group, or answers 409 as SCIM does when the name is taken. */
    public synchronized Group addGroup(String displayName) {
        if (groupNamed(displayName).isPresent()) {
            throw new ApiException(409, "RESOURCE_CONFLICT", "Group with name " + displayName + " already exists.");
        }
        Group group = new Group(newId(), displayName, new LinkedHashSet<>());
        groups.put(group.id(), group);
        return group;
    }

    /** Makes {@code userName} (added if needed) a member of the group named {@code groupName}. */
    public synchronized void addMember(String groupName, String userName) {
        Group group = groupNamed(groupName).orElseThrow(() -> new EmulatorException("No group named " + groupName));
        group.members().add(user(userName).orElseGet(() -> addUser(userName, userName)).id());
    }

    /** The names of the groups {@code userName} belongs to, directly or through a group inside a group. */
    public synchronized Set<String> groupsOf(String userName) {
        Set<String> names = new LinkedHashSet<>();
        user(userName).ifPresent(user -> collectGroups(user.id(), names, new LinkedHashSet<>()));
        return names;
    }

    /** The user names of the group's members, nested groups included; empty for an unknown group. */
    public synchronized Set<String> membersOf(String groupName) {
        Set<String> names = new LinkedHashSet<>();
        groupNamed(groupName).ifPresent(group -> collectMembers(group, names, new LinkedHashSet<>()));
        return names;
    }

    synchronized Optional<ScimUser> user(String userName) {
        return users.values().stream().filter(user -> user.userName().equalsIgnoreCase(userName)).findFirst();
    }

    synchronized Optional<ScimUser> userById(String id) {
        return Optional.ofNullable(users.get(id));
    }

    synchronized List<ScimUser> users() {
        return new ArrayList<>(users.values());
    }

    synchronized Optional<Group> groupNamed(String displayName) {
        return groups.values().stream().filter(group -> group.displayName().equals(displayName)).findFirst();
    }

    synchronized Optional<Group> groupById(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    synchronized List<Group> groups() {
        return new ArrayList<>(groups.values());
    }

    synchronized void addMemberId(Group group, String memberId) {
        group.members().add(memberId);
    }

    synchronized void removeMemberId(Group group, String memberId) {
        group.members().remove(memberId);
    }

    synchronized List<String> memberIds(Group group) {
        return new ArrayList<>(group.members());
    }

    synchronized void removeGroup(String id) {
        groups.remove(id);
    }

    synchronized boolean exists(String memberId) {
        return users.containsKey(memberId) || groups.containsKey(memberId);
    }

    /** The user as SCIM shows them, with the groups they are a direct member of. */
    synchronized ScimUser view(ScimUser user) {
        List<ScimUser.Value> memberOf = groups.values().stream().filter(group -> group.members().contains(user.id()))
                .map(group -> new ScimUser.Value(group.id(), group.displayName(), "direct", null,
                        "Groups/" + group.id())).toList();
        return new ScimUser(user.id(), user.userName(), user.displayName(), user.active(), user.name(),
                user.emails(), memberOf, user.entitlements(), user.schemas());
    }

    private void collectGroups(String memberId, Set<String> names, Set<String> seen) {
        for (Group group : groups.values()) {
            if (group.members().contains(memberId) && seen.add(group.id())) {
                names.add(group.displayName());
                collectGroups(group.id(), names, seen);
            }
        }
    }

    private void collectMembers(Group group, Set<String> names, Set<String> seen) {
        if (!seen.add(group.id())) {
            return;
        }
        for (String member : group.members()) {
            if (users.containsKey(member)) {
                names.add(users.get(member).userName());
            } else if (groups.containsKey(member)) {
                collectMembers(groups.get(member), names, seen);
            }
        }
    }

    private String newId() {
        return String.valueOf(1_000_000_000_000_000L + Math.floorMod(random.nextLong(), 8_999_999_999_999_999L));
    }
}
