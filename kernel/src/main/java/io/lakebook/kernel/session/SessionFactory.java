package io.lakebook.kernel.session;

import io.lakebook.core.remote.Session;

/** Opens the notebook's session on the cluster; throws a {@code LakebookException} when lakebook is not set up. */
@FunctionalInterface
public interface SessionFactory {
    Session open();
}
