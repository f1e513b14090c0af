package io.lakebook.installer.login;

/**
 * Who a completed login signed in, as the workspace's current-user call answered.
 *
 * @param host        the workspace URL
 * @param profile     the profile the login is for
 * @param userName    the user's name in the workspace (usually an e-mail address)
 * @param displayName the name shown in the workspace; the user name when it has none
 * @param method      how the login ran
 */
public record SignedIn(String host, String profile, String userName, String displayName, LoginMethod method) {

    /** One line for the terminal: {@code Signed in to https://… as Ada B (ada@example.com), profile dev.} */
    public String describe() {
        String who = displayName.equals(userName) ? userName : displayName + " (" + userName + ")";
        return "Signed in to " + host + " as " + who + ", profile " + profile + ".";
    }
}
