package com.provider.console.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.provider.common.rest.QueryEnums;
import com.provider.common.security.OperatorRole;
import com.provider.console.view.ConsoleView;
import com.provider.console.view.Formats;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.common.rest.PageRequest;
import com.provider.douyin.spi.repository.InboxEntryRepository;
import com.provider.douyin.spi.rest.CallbackView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * The inbox: every SPI call that passed the signature, searched by Douyin's log id, business key (cancel_id,
 * order_id), outcome and time (Asia/Shanghai); one call shows what was kept of it (log id, app, query), its body
 * pretty-printed, and what Douyin was told.
 */
@Path("/console/inbox")
@RolesAllowed(OperatorRole.VIEWER_ROLE)
@Produces(MediaType.TEXT_HTML)
public class InboxPage {

    static final int SHOWN = 100;
    private static final JsonFactory JSON = new JsonFactory();

    /** The search as typed, shown back in the form. */
    @TemplateData
    public record Search(String logId, String businessKey, String outcome, String from, String to) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance inbox(ConsoleView view, Search search, List<String> outcomes,
                                             List<CallbackView> calls);

        static native TemplateInstance call(ConsoleView view, CallbackView call, String prettyBody);
    }

    private final InboxEntryRepository inbox;
    private final SecurityIdentity identity;

    public InboxPage(InboxEntryRepository inbox, SecurityIdentity identity) {
        this.inbox = inbox;
        this.identity = identity;
    }

    @GET
    @WithSession
    public Uni<TemplateInstance> search(@QueryParam("log_id") String logId, @QueryParam("business_key") String businessKey,
                                        @QueryParam("outcome") String outcome, @QueryParam("from") String from,
                                        @QueryParam("to") String to, RoutingContext rc) {
        ConsoleView view = ConsoleView.of(identity, rc, "inbox");
        Search search = new Search(blank(logId), blank(businessKey), blank(outcome), blank(from), blank(to));
        List<String> outcomes = Arrays.stream(InboxOutcome.values()).map(Enum::name).toList();
        return inbox.findFiltered(QueryEnums.parse(InboxOutcome.class, "outcome", search.outcome()),
                        search.businessKey(), search.logId(), shanghai("from", search.from()), shanghai("to", search.to()))
                .page(0, SHOWN).list()
                .map(calls -> view.render(Templates.inbox(view, search, outcomes,
                        calls.stream().map(CallbackView::summary).toList())));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<TemplateInstance> call(@PathParam("id") long id, RoutingContext rc) {
        ConsoleView view = ConsoleView.of(identity, rc, "inbox");
        return inbox.findById(id).map(found -> {
            if (found == null) {
                throw new NotFoundException("no call " + id + " in the inbox");
            }
            CallbackView call = CallbackView.withBody(found);
            return view.render(Templates.call(view, call, pretty(call.body())));
        });
    }

    /**
     * The body indented, token by token as received: numbers keep their digits, a key given twice stays twice.
     * A body that is not JSON is shown as it is.
     */
    static String pretty(String body) {
        StringWriter out = new StringWriter(body.length() * 2);
        try (JsonParser parser = JSON.createParser(body);
             JsonGenerator generator = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token.isNumeric()) {
                    generator.writeNumber(parser.getText()); // the digits as sent, never re-rendered
                } else {
                    generator.copyCurrentEvent(parser);
                }
            }
        } catch (IOException notJson) {
            return body;
        }
        return out.toString();
    }

    /** A time typed in the form (datetime-local, Asia/Shanghai), or null. */
    private static OffsetDateTime shanghai(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).atZone(Formats.SHANGHAI).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be a date and time such as 2026-11-30T14:05");
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
