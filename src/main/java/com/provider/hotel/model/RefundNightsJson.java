package com.provider.hotel.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.List;

/**
 * Reads a cancellation's refund nights from the JSON array its row stores (V6), read as text: the reactive driver
 * hands a {@code json} array to Hibernate as a value it cannot map. Amounts are read as exact {@code long}s. The
 * nights are written only by the SPI's statement, never through the entity.
 */
@Converter
public class RefundNightsJson implements AttributeConverter<List<RefundNight>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<RefundNight>> NIGHTS = new TypeReference<>() {
    };

    @Override
    public List<RefundNight> convertToEntityAttribute(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, NIGHTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("refund_nights is not the JSON array V6 stores: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String convertToDatabaseColumn(List<RefundNight> nights) {
        throw new UnsupportedOperationException("refund nights are stored by the SPI's statement only");
    }
}
