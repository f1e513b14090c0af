package io.lakebook.goose.render;

import io.lakebook.goose.tool.ToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Downscales plots for a model: a model sees no more detail in 3000 pixels than in 768, and pays for every byte. */
public final class Images {

    /** Longest side of an image sent to the model. */
    public static final int MAX_SIDE = 768;
    private static final Logger LOG = LoggerFactory.getLogger(Images.class);

    private Images() {
    }

    /** The image as PNG no larger than {@value #MAX_SIDE} pixels a side; unreadable or vector images pass as they are. */
    public static ToolResult.Image forModel(ToolResult.Image image) {
        if (!image.mimeType().equals("image/png") && !image.mimeType().equals("image/jpeg")) {
            return image;
        }
        try {
            BufferedImage source = ImageIO.read(new ByteArrayInputStream(image.data()));
            if (source == null || Math.max(source.getWidth(), source.getHeight()) <= MAX_SIDE) {
                return image;
            }
            return new ToolResult.Image("image/png", png(scale(source)));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Image left as it was: {}", e.toString());
            return image;
        }
    }

    /** {@code "image/png 640×480"}, or just the type when the size cannot be read. */
    public static String describe(String mimeType, byte[] data) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(data));
            return image == null ? mimeType : mimeType + " " + image.getWidth() + "x" + image.getHeight();
        } catch (IOException | RuntimeException e) {
            return mimeType;
        }
    }

    private static BufferedImage scale(BufferedImage source) {
        double factor = (double) MAX_SIDE / Math.max(source.getWidth(), source.getHeight());
        int width = Math.max(1, (int) Math.round(source.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(source.getHeight() * factor));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = scaled.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(source, 0, 0, width, height, null);
        graphics.dispose();
        return scaled;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
