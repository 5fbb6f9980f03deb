package org.l2l4j.core.problem.art;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Content images drawn from a few photographs: a photograph chosen at random, a random square crop whose side
 * is between half and all of the photograph's shorter side, resized to the problem's size, and mirrored left to
 * right with probability 1/2. With a handful of photographs this is where the variety of content comes from;
 * whole photographs are set aside for validation and test (a {@link org.l2l4j.core.problem.Split}), so held-out
 * content is never a crop of a training photograph.
 */
public record ContentCrops(List<RgbImage> photographs) {

    public ContentCrops {
        photographs = List.copyOf(photographs);
        if (photographs.isEmpty()) throw new IllegalArgumentException("content crops need at least one photograph");
    }

    public List<String> names() {
        return photographs.stream().map(RgbImage::name).toList();
    }

    /** The smallest photograph side: a crop never needs more. */
    int smallestSide() {
        return photographs.stream().mapToInt(p -> Math.min(p.width(), p.height())).min().orElseThrow();
    }

    /** One content image of size x size, drawn from {@code rng}. */
    RgbImage draw(SplittableRandom rng, int size) {
        RgbImage photo = photographs.get(rng.nextInt(photographs.size()));
        int shorter = Math.min(photo.width(), photo.height());
        int smallest = Math.max(size, (shorter + 1) / 2);
        if (smallest > shorter)
            throw new IllegalArgumentException(photo.name() + " (" + photo.width() + "x" + photo.height() + ") is smaller than the "
                    + size + "x" + size + " content images asked for");
        int side = smallest + rng.nextInt(shorter - smallest + 1);
        int x = rng.nextInt(photo.width() - side + 1), y = rng.nextInt(photo.height() - side + 1);
        RgbImage crop = photo.crop(x, y, side).resized(size);
        return rng.nextBoolean() ? crop.flipped() : crop;
    }
}
