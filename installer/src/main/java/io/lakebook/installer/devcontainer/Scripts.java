package io.lakebook.installer.devcontainer;

/** The shell scripts the Dev Container's lifecycle commands run. */
final class Scripts {
    /** The jar is copied per machine by {@code lakebook devcontainer}, not committed with the project. */
    static final String IGNORE_JAR = "lakebook.jar\n";

    private Scripts() {
    }

    /**
     * Said when the jar is not there: a fresh clone of a project lacks it, since git ignores it (it is lakebook
     * itself, about 100 MB, and not published anywhere lakebook could fetch it from), so the teammate is told the
     * two ways to put it there.
     */
    private static final String MISSING_JAR = """
            if [ ! -f .devcontainer/lakebook/lakebook.jar ]; then
              cat >&2 <<'MISSING'
            lakebook: .devcontainer/lakebook/lakebook.jar is missing. It is lakebook itself and is not committed with
            the project (git ignores it), so a fresh clone lacks it. Put it there on your machine, then rebuild the
            container (Dev Containers: Rebuild Container):
              - where lakebook is installed: cp ~/.local/share/lakebook/lakebook.jar .devcontainer/lakebook/
              - from a lakebook clone: ./lakebook version (it builds the jar), then
                cp installer/target/lakebook.jar /path/to/this/project/.devcontainer/lakebook/
            MISSING
              exit 1
            fi
            """;

    /**
     * {@code postCreateCommand}: the tools, then the full {@code lakebook install} without signing in, since the
     * sign-in needs the user at a browser: the toolkit in {@code ~/.local/share/lakebook} with the {@code lakebook}
     * command, the profile's host and auth type, the kernel spec and Goose's provider, extension and hints. The
     * cluster, warehouse and model are chosen at the first attach, after the sign-in. Goose comes as its release
     * archive from its project's releases, named in the output with its checksum, and checked against
     * {@code GOOSE_SHA256} when that is set ({@code GOOSE_VERSION} pins a release).
     */
    static String setup(String host, String profile) {
        return ("""
                #!/usr/bin/env bash
                # Written by `lakebook devcontainer`: runs once when the container is created.
                set -euo pipefail
                cd "$(dirname "$0")/.."
                """ + MISSING_JAR + """
                sudo apt-get update -qq
                sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \\
                  jupyter-notebook python3-ipykernel curl bzip2 libxcb1 libdbus-1-3
                # Goose, the AI agent (https://github.com/aaif-goose/goose): the release archive of its command-line
                # program for this machine, unpacked into ~/.local/bin. Nothing of it is run before that.
                if ! command -v goose >/dev/null 2>&1 && [ ! -x "$HOME/.local/bin/goose" ]; then
                  goose_archive="goose-$(uname -m)-unknown-linux-gnu.tar.bz2"
                  goose_release="https://github.com/aaif-goose/goose/releases/download/${GOOSE_VERSION:-stable}"
                  goose_url="$goose_release/$goose_archive"
                  goose_tmp="$(mktemp -d)"
                  echo "lakebook: downloading Goose from $goose_url"
                  curl -fsSL -o "$goose_tmp/$goose_archive" "$goose_url"
                  if [ -n "${GOOSE_SHA256:-}" ]; then
                    echo "$GOOSE_SHA256  $goose_tmp/$goose_archive" | sha256sum -c -
                  else
                    echo "lakebook: its SHA-256 is $(sha256sum "$goose_tmp/$goose_archive" | cut -d' ' -f1)" \\
                      "(set GOOSE_SHA256 to have it checked, GOOSE_VERSION to pin a release)"
                  fi
                  tar -xjf "$goose_tmp/$goose_archive" -C "$goose_tmp"
                  mkdir -p "$HOME/.local/bin"
                  install -m 755 "$(find "$goose_tmp" -type f -name goose | head -n 1)" "$HOME/.local/bin/goose"
                  rm -rf "$goose_tmp"
                fi
                java -jar .devcontainer/lakebook/lakebook.jar install --host %s --profile %s --no-login --yes
                """).formatted(quote(host), quote(profile));
    }

    /**
     * {@code postAttachCommand}: unless the set-up is complete (a saved sign-in, in the SDK's token cache under
     * {@code $HOME} or the Databricks CLI's, and a cluster chosen in the profile), runs {@code lakebook install}
     * again in the terminal the user sees: it signs in (the URL is printed; the callback port is forwarded) and asks
     * for the cluster, the SQL warehouse and Goose's model, which the set-up could not list before the sign-in.
     * Once that is done, attaching again does nothing.
     */
    static String login(String host, String profile) {
        return ("""
                #!/usr/bin/env bash
                # Written by `lakebook devcontainer`: runs each time a tool attaches; signs in only the first time.
                set -euo pipefail
                cd "$(dirname "$0")/.."
                export PATH="$HOME/.local/bin:$PATH"
                profile=%2$s
                signed_in() {
                  [ -n "$(ls -A "$HOME/.config/databricks-sdk-java/oauth" 2>/dev/null)" ] \\
                    || [ -s "$HOME/.databricks/token-cache.json" ]
                }
                cluster_chosen() {
                  awk -v section="[$profile]" '$0 == section { inside = 1; next } /^\\[/ { inside = 0 }
                    inside && /^[ \\t]*cluster_id[ \\t]*[=:]/ { found = 1 } END { exit !found }' \\
                    "${DATABRICKS_CONFIG_FILE:-$HOME/.databrickscfg}" 2>/dev/null
                }
                if signed_in && cluster_chosen; then
                  exit 0
                fi
                if ! command -v lakebook >/dev/null 2>&1; then
                """ + MISSING_JAR + """
                  lakebook() { java -jar .devcontainer/lakebook/lakebook.jar "$@"; }
                fi
                lakebook install --host %1$s --profile "$profile"
                """).formatted(quote(host), quote(profile));
    }

    /** Single-quoted for the shell; a quote inside becomes {@code '\''}. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
