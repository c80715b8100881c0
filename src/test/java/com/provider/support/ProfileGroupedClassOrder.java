package com.provider.support;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * Orders test classes by their test profile, then their test resources, then name, so that the classes one
 * application serves run one after the other. Quarkus's own orderer groups {@code @QuarkusTest} classes this way
 * (by class loader) and keeps this order inside each group, but every {@code @QuarkusIntegrationTest} shares one
 * class loader: without this order the integration tests ran in name order and the packaged application (with its
 * database) was stopped and started again at almost every class, about 20 s each. Set as Quarkus's secondary
 * orderer ({@code junit.quarkus.orderer.secondary-orderer}, pom.xml).
 */
public class ProfileGroupedClassOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing(ProfileGroupedClassOrder::key));
    }

    private static String key(ClassDescriptor test) {
        String profile = test.findAnnotation(TestProfile.class).map(p -> p.value().getName()).orElse("");
        String resources = Arrays.stream(test.getTestClass().getAnnotationsByType(WithTestResource.class))
                .map(resource -> resource.value().getName()).sorted().collect(Collectors.joining(","));
        return profile + "|" + resources + "|" + test.getTestClass().getName();
    }
}
