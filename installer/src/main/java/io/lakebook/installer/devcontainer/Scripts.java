package io.lakebook.installer.devcontainer;

/** The shell scripts the Dev Container's lifecycle commands run. */
final class Scripts {
    /** The jar is copied per machine by {@code lakebook devcontainer}, not committed with the project. */
    static final String IGNORE_JAR = "lakebook.jar\n";

    private Scripts() {
    }

    /**
     * {@code postCreateCommand}: the tools, then the full {@code lakebook install} without signing in, since the
     * sign-in needs the user at a browser: the toolkit in {@code ~/.local/share/lakebook} with the {@code lakebook}
     * command, the profile's host and auth type, the kernel spec and Goose's provider, extension and hints. The
     * cluster, warehouse and model are chosen at the first attach, after the sign-in.
     */
    static String setup(String host, String profile) {
        return """
                #!/usr/bin/env bash
                # Written by `lakebook devcontainer`: runs once when the container is created.
                set -euo pipefail
                cd "$(dirname "$0")/.."
                sudo apt-get update -qq
                sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \\
                  jupyter-notebook python3-ipykernel curl bzip2 libxcb1
                # Goose's own installer; CONFIGURE=false leaves its configuration to lakebook install.
                if ! command -v goose >/dev/null 2>&1; then
                  curl -fsSL https://github.com/block/goose/releases/download/stable/download_cli.sh \\
                    | CONFIGURE=false bash
                fi
                java -jar .devcontainer/lakebook/lakebook.jar install --host %s --profile %s --no-login --yes
                """.formatted(quote(host), quote(profile));
    }

    /**
     * {@code postAttachCommand}: when neither the SDK's token cache nor the Databricks CLI's holds a login yet, runs
     * {@code lakebook install} again in the terminal the user sees: it signs in (the URL is printed; the callback
     * port is forwarded) and asks for the cluster, the SQL warehouse and Goose's model, which the set-up could not
     * list before the sign-in. Once signed in, attaching again does nothing.
     */
    static String login(String host, String profile) {
        return """
                #!/usr/bin/env bash
                # Written by `lakebook devcontainer`: runs each time a tool attaches; signs in only the first time.
                set -euo pipefail
                cd "$(dirname "$0")/.."
                export PATH="$HOME/.local/bin:$PATH"
                if [ -n "$(ls -A "$HOME/.config/databricks-sdk-java/oauth" 2>/dev/null)" ] \\
                   || [ -s "$HOME/.databricks/token-cache.json" ]; then
                  exit 0
                fi
                if command -v lakebook >/dev/null 2>&1; then
                  lakebook install --host %1$s --profile %2$s
                else
                  java -jar .devcontainer/lakebook/lakebook.jar install --host %1$s --profile %2$s
                fi
                """.formatted(quote(host), quote(profile));
    }

    /** Single-quoted for the shell; a quote inside becomes {@code '\''}. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
