package org.fieldplan.api.agent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.SecurityConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Agents, the commission scheme, the agent of a request, and the monthly statement. */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
class AgentController {

    private final Agents agents;

    AgentController(Agents agents) {
        this.agents = agents;
    }

    @Operation(summary = "List the agents with the chain above each (up to three levels)")
    @CallableBy(Role.ADMINISTRATOR)
    @GetMapping("/api/agents")
    List<Agents.AgentView> list() {
        return agents.list();
    }

    @Operation(summary = "Register an agent, under the agent who brought them (parentId)")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/api/agents")
    ResponseEntity<Agents.AgentView> create(@RequestBody Agents.AgentInput input) {
        Agents.AgentView created = agents.create(input);
        return ResponseEntity.created(URI.create("/api/agents/" + created.id())).body(created);
    }

    @Operation(summary = "The commission scheme: percent per level (1-3) and the services that count toward commission")
    @CallableBy(Role.ADMINISTRATOR)
    @GetMapping("/api/commission-scheme")
    Agents.SchemeView scheme() {
        return agents.scheme();
    }

    @Operation(summary = "Change the commission scheme (requests already accrued keep their percents)")
    @CallableBy(Role.ADMINISTRATOR)
    @PutMapping("/api/commission-scheme")
    Agents.SchemeView setScheme(@RequestBody Agents.SchemeInput input) {
        return agents.setScheme(input);
    }

    @Operation(summary = "Name the agent who brought a request (settles its commission at once when it already earns)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: requests of their zones.")
    @PutMapping("/api/agent-requests/{requestId}")
    Agents.Assignment assign(@PathVariable long requestId, @RequestBody Agents.AssignInput input) {
        return agents.assign(requestId, input, CurrentUser.fromContext());
    }

    @Operation(summary = "An agent's commission statement for a month (accruals, adjustments, reversals, total)")
    @CallableBy(Role.ADMINISTRATOR)
    @GetMapping("/api/agents/{id}/statement")
    Agents.Statement statement(@PathVariable long id, @RequestParam(required = false) @Nullable String month) {
        return agents.statement(id, month);
    }

    @Operation(summary = "The same statement as CSV (for the accountant's spreadsheet)")
    @CallableBy(Role.ADMINISTRATOR)
    @GetMapping("/api/agents/{id}/statement.csv")
    ResponseEntity<byte[]> statementCsv(@PathVariable long id, @RequestParam(required = false) @Nullable String month) {
        Agents.Statement s = agents.statement(id, month);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"commission-" + s.agentCode() + "-" + s.month() + ".csv\"")
                .body(Agents.csv(s).getBytes(StandardCharsets.UTF_8));
    }
}
