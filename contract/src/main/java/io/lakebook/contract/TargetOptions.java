package io.lakebook.contract;

import java.util.Optional;

/**
 * What the user chose for a run.
 *
 * @param clusterId    the all-purpose cluster for cluster checks; none skips them
 * @param warehouseId  the SQL warehouse for SQL and catalog checks; none skips them
 * @param catalog      where the scratch schema is made; empty for the warehouse's current catalog
 * @param startCluster true to start the cluster when it is not running; otherwise cluster checks run only on a
 *                     cluster that already runs
 * @param gatewayEndpoint the serving endpoint whose AI Gateway settings the run may change and put back; none skips
 *                     that check, since it writes to an endpoint others may use
 */
public record TargetOptions(Optional<String> clusterId, Optional<String> warehouseId, Optional<String> catalog,
                            boolean startCluster, Optional<String> gatewayEndpoint) {
}
