package org.fieldplan.api.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One WebSocket to a Chromium page target speaking the DevTools protocol: commands with numbered replies, and
 * events handed to listeners. Uses only the JDK's WebSocket client and Jackson.
 */
public final class DevTools implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

    private DevTools(WebSocket socket) {
        this.socket = socket;
    }

    static DevTools connect(String webSocketUrl) {
        Receiver receiver = new Receiver();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(webSocketUrl), receiver).join();
        DevTools devTools = new DevTools(socket);
        receiver.owner = devTools;
        return devTools;
    }

    /** Calls every listener with each event ({@code {method, params}}). */
    public void onEvent(Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    /** Sends a command and waits for its result; a protocol error becomes an exception naming the command. */
    public JsonNode send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(JSON.writeValueAsString(message), true).join();
        try {
            JsonNode answer = reply.get(60, TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException("DevTools " + method + " " + params + " failed: " + answer.get("error"));
            }
            return answer.path("result");
        } catch (TimeoutException e) {
            throw new IllegalStateException("DevTools " + method + " got no answer in 60 s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("DevTools " + method + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("DevTools " + method + " was interrupted", e);
        } finally {
            pending.remove(id);
        }
    }

    private void received(String text) {
        JsonNode message = JSON.readTree(text);
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.get(message.get("id").asInt());
            if (reply != null) {
                reply.complete(message);
            }
        } else {
            for (Consumer<JsonNode> listener : listeners) {
                listener.accept(message);
            }
        }
    }

    private void closed(String why) {
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the browser closed the DevTools connection: " + why)));
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** Joins fragments (screenshots arrive in many) into whole messages. */
    private static final class Receiver implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();
        volatile DevTools owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                owner.received(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (owner != null) {
                owner.closed(statusCode + " " + reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (owner != null) {
                owner.closed(String.valueOf(error));
            }
        }
    }
}
