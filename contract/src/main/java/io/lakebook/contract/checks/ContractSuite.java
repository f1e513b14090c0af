package io.lakebook.contract.checks;

import io.lakebook.contract.Check;

import java.util.ArrayList;
import java.util.List;

/**
 * Every check of the contract, in the order a run goes through them: the workspace first, then the cluster (so
 * that a cluster start, when allowed, is watched from TERMINATED), the SQL warehouse and Unity Catalog, serving
 * endpoints and OAuth.
 */
public final class ContractSuite {

    private ContractSuite() {
    }

    public static List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.addAll(IdentityChecks.checks());
        checks.addAll(WorkspaceChecks.checks());
        checks.addAll(ClusterChecks.checks());
        checks.addAll(CommandChecks.checks());
        checks.addAll(SessionChecks.checks());
        checks.addAll(SqlChecks.checks());
        checks.addAll(CatalogChecks.checks());
        checks.addAll(ServingChecks.checks());
        checks.addAll(OAuthChecks.checks());
        return List.copyOf(checks);
    }
}
