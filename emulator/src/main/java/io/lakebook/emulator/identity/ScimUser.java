package io.lakebook.emulator.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A SCIM user as {@code GET /api/2.0/preview/scim/v2/Me} returns it (reference §8, camelCase as in SCIM). */
public record ScimUser(
        String id,
        String userName,
        String displayName,
        boolean active,
        Name name,
        List<Value> emails,
        List<Value> groups,
        List<Value> entitlements,
        List<String> schemas) {

    public record Name(String givenName, String familyName) {
    }

    public record Value(String value, String display, String type, Boolean primary, @JsonProperty("$ref") String ref) {
    }

    /** The user every emulated workspace is signed in as. */
    public static ScimUser analyst(String userName) {
        return new ScimUser("4817309122651043", userName, "Ada Analyst", true, new Name("Ada", "Analyst"),
                List.of(new Value(userName, null, "work", true, null)),
                List.of(new Value("7294015522093411", "users", "direct", null, "Groups/7294015522093411")),
                List.of(new Value("workspace-access", null, null, null, null),
                        new Value("allow-cluster-create", null, null, null, null)),
                List.of("urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:workspace:2.0:User"));
    }
}
