package io.lakebook.guard.budget;

import java.util.regex.Pattern;

/**
 * Who a usage row's {@code requester} is. It holds the identity whose permissions the call used: a user's e-mail, or
 * for a service principal its application id (gateway-budgets §1.1; the rate-limit {@code principal} of a service
 * principal is its application id, §1.6), a UUID.
 */
public final class Principals {
    private static final Pattern APPLICATION_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Principals() {
    }

    /** Whether {@code name} is a service principal's application id rather than a user. */
    public static boolean isServicePrincipal(String name) {
        return name != null && APPLICATION_ID.matcher(name).matches();
    }

    /** The rate-limit key that names this principal: {@code service_principal} or {@code user}. */
    public static String rateLimitKey(String name) {
        return isServicePrincipal(name) ? "service_principal" : "user";
    }
}
