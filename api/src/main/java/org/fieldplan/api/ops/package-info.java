/**
 * What a load balancer and an operator read (docs/cluster.md): readiness of this instance (database, road network;
 * the tile set plugs in here when the project serves tiles) and the cluster-wide gauges that no single feature owns.
 */
@NullMarked
package org.fieldplan.api.ops;

import org.jspecify.annotations.NullMarked;
