/** Building plans: synthetic problems for tests and benchmarks. */
@NullMarked
package org.fieldplan.engine.assembly;

import org.jspecify.annotations.NullMarked;
