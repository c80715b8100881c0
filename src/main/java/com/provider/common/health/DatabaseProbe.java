package com.provider.common.health;

import jakarta.inject.Qualifier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The reactive pool the probes ask "does PostgreSQL answer?" through: one connection with the connection
 * settings of the pool callbacks are stored with, but not that pool's connections, so a pool busy with
 * callbacks waiting for a lock does not make the replica look unready. Produced where that pool is built.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface DatabaseProbe {
}
