package org.fieldplan.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Two carriers per core by default; a value given on the command line wins. */
class VirtualThreadCarriersTest {

    @Test
    void twoCarriersPerCoreUnlessGiven() {
        assertThat(VirtualThreadCarriers.perCores(2)).isEqualTo(4);
        assertThat(VirtualThreadCarriers.perCores(0)).isEqualTo(2);
        String before = System.getProperty(VirtualThreadCarriers.PROPERTY);
        try {
            System.setProperty(VirtualThreadCarriers.PROPERTY, "3");
            assertThat(VirtualThreadCarriers.configure()).isEqualTo("3");
            System.clearProperty(VirtualThreadCarriers.PROPERTY);
            assertThat(VirtualThreadCarriers.configure())
                    .isEqualTo(String.valueOf(2 * Runtime.getRuntime().availableProcessors()));
            assertThat(System.getProperty(VirtualThreadCarriers.PROPERTY))
                    .isEqualTo(String.valueOf(2 * Runtime.getRuntime().availableProcessors()));
        } finally {
            if (before == null) {
                System.clearProperty(VirtualThreadCarriers.PROPERTY);
            } else {
                System.setProperty(VirtualThreadCarriers.PROPERTY, before);
            }
        }
    }
}
