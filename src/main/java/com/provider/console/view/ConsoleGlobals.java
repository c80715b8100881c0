package com.provider.console.view;

import io.quarkus.qute.TemplateGlobal;

/** Values every console template can use. */
@TemplateGlobal
public final class ConsoleGlobals {

    /** htmx, served from its webjar (org.webjars.npm:htmx.org in the pom: keep the versions equal). */
    public static final String htmx = "/webjars/htmx.org/2.0.4/dist/htmx.min.js";

    private ConsoleGlobals() {
    }
}
