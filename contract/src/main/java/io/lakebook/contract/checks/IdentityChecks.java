package io.lakebook.contract.checks;

import io.lakebook.contract.Check;
import io.lakebook.contract.Expect;
import io.lakebook.contract.Source;
import io.lakebook.contract.Target;

import java.util.List;

/** SCIM Me: the user name the scratch folder is made under. */
final class IdentityChecks {

    private IdentityChecks() {
    }

    static List<Check> checks() {
        return List.of(new Check("identity", "Me names the signed-in user",
                Source.documented(Docs.api("currentuser/me")), IdentityChecks::meHasUserName));
    }

    private static void meHasUserName(Target target) {
        Expect.that(!target.userName().isBlank(), "userName is blank");
    }
}
