/**
 * Regional plans (thousands of visits, hundreds of technicians): the problem is split into parts that are solved
 * independently and in parallel, each with its own small travel matrix, and a final pass re-solves neighbouring parts
 * together to improve across their boundaries. See {@link org.fieldplan.engine.partition.PartitionedSolver}.
 */
@NullMarked
package org.fieldplan.engine.partition;

import org.jspecify.annotations.NullMarked;
