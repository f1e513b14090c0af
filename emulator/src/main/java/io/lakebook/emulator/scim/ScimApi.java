package io.lakebook.emulator.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import io.lakebook.emulator.identity.ScimUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SCIM Users and Groups APIs of a workspace ({@code /api/2.0/preview/scim/v2/Users|Groups}, reference §8; the
 * SDK's {@code UsersImpl}, {@code GroupsImpl}). Lists are offset pages: {@code startIndex} counts from 1 and the SDK
 * asks again until a page comes back empty (its {@code Paginator.newOffsetPagination}); filters of the form
 * {@code attribute eq "value"} on {@code userName} and {@code displayName} are understood. Group members change
 * through PATCH with {@code add} and {@code remove} operations on {@code members}. Errors use the SCIM envelope
 * (reference §1.3).
 */
public final class ScimApi {
    private static final String BASE = "/api/2.0/preview/scim/v2";
    private static final Pattern FILTER = Pattern.compile("\\s*(\\w+)\\s+eq\\s+\"([^\"]*)\"\\s*");
    private static final Pattern MEMBER_PATH = Pattern.compile("members\\[value eq \"([^\"]+)\"]");
    private static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private final Directory directory;

    public ScimApi(Directory directory) {
        this.directory = directory;
    }

    public void register(ApiServer server) {
        server.route("GET", BASE + "/Users", ErrorStyle.SCIM, this::listUsers);
        server.route("POST", BASE + "/Users", ErrorStyle.SCIM, this::createUser);
        server.routePrefix("GET", BASE + "/Users/", ErrorStyle.SCIM, request -> directory.view(
                directory.userById(id(request, "/Users/")).orElseThrow(() -> notFound("User", request))));
        server.route("GET", BASE + "/Groups", ErrorStyle.SCIM, this::listGroups);
        server.route("POST", BASE + "/Groups", ErrorStyle.SCIM, this::createGroup);
        server.routePrefix("GET", BASE + "/Groups/", ErrorStyle.SCIM, request -> view(group(request)));
        server.routePrefix("PATCH", BASE + "/Groups/", ErrorStyle.SCIM, this::patchGroup);
        server.routePrefix("DELETE", BASE + "/Groups/", ErrorStyle.SCIM, request -> {
            directory.removeGroup(group(request).id());
            return Map.of();
        });
    }

    /** {@code GET …/Me}: the user the call's token acts as. */
    public ScimUser me(String caller) {
        return directory.user(caller).map(directory::view).orElseThrow(() ->
                new ApiException(404, "NOT_FOUND", "User " + caller + " does not exist."));
    }

    private Object listUsers(ApiRequest request) {
        List<ScimUser> users = directory.users().stream()
                .filter(matches(request, Map.of("username", ScimUser::userName)))
                .map(directory::view).toList();
        return page(request, users);
    }

    private Object createUser(ApiRequest request) {
        String userName = request.required("userName");
        return directory.view(directory.addUser(userName, request.optional("displayName").orElse(userName)));
    }

    private Object listGroups(ApiRequest request) {
        List<Map<String, Object>> groups = directory.groups().stream()
                .filter(matches(request, Map.of("displayname", Directory.Group::displayName)))
                .map(this::view).toList();
        return page(request, groups);
    }

    private Object createGroup(ApiRequest request) {
        Directory.Group group = directory.addGroup(request.required("displayName"));
        for (JsonNode member : request.body().path("members")) {
            addMember(group, member.path("value").asText(""));
        }
        return view(group);
    }

    /** PATCH with {@code Operations}: add members (value list), remove members (filter path or value list). */
    private Object patchGroup(ApiRequest request) {
        Directory.Group group = group(request);
        for (JsonNode operation : request.body().path("Operations")) {
            String op = operation.path("op").asText("").toLowerCase(Locale.ROOT);
            String path = operation.path("path").asText("");
            Matcher filtered = MEMBER_PATH.matcher(path);
            if (op.equals("add") && path.equals("members")) {
                operation.path("value").forEach(member -> addMember(group, member.path("value").asText("")));
            } else if (op.equals("remove") && filtered.matches()) {
                directory.removeMemberId(group, filtered.group(1));
            } else if (op.equals("remove") && path.equals("members")) {
                operation.path("value").forEach(member -> directory.removeMemberId(group,
                        member.path("value").asText("")));
            } else {
                throw new ApiException(400, "INVALID_PARAMETER_VALUE", "Unsupported patch operation '" + op + "' on '"
                        + path + "'. Use add or remove on members.");
            }
        }
        return Map.of();
    }

    private void addMember(Directory.Group group, String memberId) {
        if (!directory.exists(memberId)) {
            throw new ApiException(404, "NOT_FOUND", "Member " + memberId + " does not exist.");
        }
        directory.addMemberId(group, memberId);
    }

    private Map<String, Object> view(Directory.Group group) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id());
        view.put("displayName", group.displayName());
        view.put("members", directory.memberIds(group).stream().map(this::member).toList());
        view.put("schemas", List.of(GROUP_SCHEMA));
        return view;
    }

    private Map<String, Object> member(String id) {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("value", id);
        directory.userById(id).ifPresentOrElse(user -> {
            member.put("display", user.displayName());
            member.put("$ref", "Users/" + id);
        }, () -> directory.groupById(id).ifPresent(group -> {
            member.put("display", group.displayName());
            member.put("$ref", "Groups/" + id);
        }));
        return member;
    }

    private Directory.Group group(ApiRequest request) {
        return directory.groupById(id(request, "/Groups/")).orElseThrow(() -> notFound("Group", request));
    }

    private static <T> java.util.function.Predicate<T> matches(ApiRequest request,
                                                              Map<String, Function<T, String>> attributes) {
        String filter = request.optional("filter").orElse(null);
        if (filter == null) {
            return item -> true;
        }
        Matcher matcher = FILTER.matcher(filter);
        Function<T, String> attribute = matcher.matches()
                ? attributes.get(matcher.group(1).toLowerCase(Locale.ROOT)) : null;
        if (attribute == null) {
            throw new ApiException(400, "INVALID_PARAMETER_VALUE", "Unsupported filter '" + filter + "'. Use "
                    + "attribute eq \"value\" with one of " + attributes.keySet() + ".");
        }
        return item -> matcher.group(2).equalsIgnoreCase(attribute.apply(item));
    }

    /** One offset page: {@code startIndex} from 1, {@code count} items at most (SCIM, RFC 7644 §3.4.2.4). */
    private static Map<String, Object> page(ApiRequest request, List<?> items) {
        int start = Math.max(1, number(request, "startIndex", 1));
        int count = Math.max(0, number(request, "count", 100));
        int from = Math.min(items.size(), start - 1);
        List<?> slice = items.subList(from, Math.min(items.size(), from + count));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("totalResults", items.size());
        page.put("startIndex", start);
        page.put("itemsPerPage", slice.size());
        page.put("Resources", slice);
        page.put("schemas", List.of(LIST_SCHEMA));
        return page;
    }

    private static int number(ApiRequest request, String name, int fallback) {
        String text = request.optional(name).orElse(null);
        try {
            return text == null ? fallback : (int) Math.min(Integer.MAX_VALUE, Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "INVALID_PARAMETER_VALUE", name + " must be a whole number, got " + text);
        }
    }

    private static String id(ApiRequest request, String marker) {
        String rest = request.path().substring(request.path().indexOf(marker) + marker.length());
        if (rest.isEmpty() || rest.contains("/")) {
            throw new ApiException(404, "NOT_FOUND", "No API found for '" + request.method() + " " + request.path()
                    + "'");
        }
        return rest;
    }

    private static ApiException notFound(String kind, ApiRequest request) {
        return new ApiException(404, "NOT_FOUND", kind + " " + request.path().substring(request.path()
                .lastIndexOf('/') + 1) + " does not exist.");
    }
}
