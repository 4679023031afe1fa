package org.fieldplan.api.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** This instance's name: {@code fieldplan.cluster.instance-name}, else host name + a random suffix (new per start). */
@Component
public class InstanceName {

    private final String value;

    InstanceName(ClusterProperties properties) {
        String configured = properties.instanceName();
        if (configured != null && !configured.isBlank()) {
            this.value = configured.strip();
        } else {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "host";
            }
            this.value = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
