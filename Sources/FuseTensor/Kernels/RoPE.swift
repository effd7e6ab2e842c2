import Foundation

/// Rotary position embedding with precomputed inverse frequencies θᵢ = base^(−2i/d), optionally
/// rescaled (Llama 3.1's frequency scaling, per-dimension factors from a GGUF `rope_freqs`).
public struct RoPE: Sendable {
    /// Which pairs of a head's dimensions rotate together.
    public enum Style: Sendable {
        /// Adjacent pairs (2i, 2i+1): llama.cpp's normal mode (Llama-family GGUF files).
        case interleaved
        /// Halves (i, i + d/2): the NeoX / Hugging Face ordering (Qwen2, Gemma 3, HF Llama).
        case neox
    }

    /// Rotated dimensions per head (≤ head size; the rest pass through).
    public let dimensions: Int
    public let style: Style
    /// θᵢ for i in 0..<dimensions/2, after scaling.
    public let inverseFrequencies: [Double]

    /// `scaling(i, θᵢ)` returns the frequency to use for pair i (default: θᵢ unchanged).
    public init(dimensions: Int, base: Double, style: Style, scaling: ((Int, Double) -> Double)? = nil) {
        precondition(dimensions > 0 && dimensions % 2 == 0, "RoPE dimensions must be even and positive")
        self.dimensions = dimensions
        self.style = style
        inverseFrequencies = (0..<dimensions / 2).map { i in
            let theta = pow(base, -2 * Double(i) / Double(dimensions))
            return scaling?(i, theta) ?? theta
        }
    }

    /// Llama 3.1's frequency scaling (`rope_scaling.rope_type = "llama3"`): wavelengths beyond
    /// `originalContext / lowFrequencyFactor` are divided by `factor`, those below
    /// `originalContext / highFrequencyFactor` are kept, and the band between is interpolated.
    public static func llama3Scaling(factor: Double, lowFrequencyFactor: Double, highFrequencyFactor: Double,
                                     originalContext: Double) -> @Sendable (Int, Double) -> Double {
        { _, theta in
            let wavelength = 2 * Double.pi / theta
            let lowWavelength = originalContext / lowFrequencyFactor
            let highWavelength = originalContext / highFrequencyFactor
            if wavelength < highWavelength { return theta }
            if wavelength > lowWavelength { return theta / factor }
            let smooth = (originalContext / wavelength - lowFrequencyFactor) / (highFrequencyFactor - lowFrequencyFactor)
            return (1 - smooth) * theta / factor + smooth * theta
        }
    }

    /// Rotates x[t, h, pair] by the angle positions[t] · θᵢ for every token t and head h, in place.
    /// `x` holds `positions.count` tokens of `heads` heads of `headSize` floats; tokens are
    /// `tokenStride` floats apart (default heads · headSize).
    public func apply(to x: UnsafeMutablePointer<Float>, positions: [Int], heads: Int, headSize: Int,
                      tokenStride: Int? = nil) {
        precondition(dimensions <= headSize, "RoPE dimensions exceed the head size")
        let stride = tokenStride ?? heads * headSize
        let half = dimensions / 2
        var cosines = [Float](repeating: 0, count: half), sines = [Float](repeating: 0, count: half)
        for (t, position) in positions.enumerated() {
            for i in 0..<half {
                let angle = Double(position) * inverseFrequencies[i]
                cosines[i] = Float(cos(angle))
                sines[i] = Float(sin(angle))
            }
            for h in 0..<heads {
                let v = x + t * stride + h * headSize
                for i in 0..<half {
                    let (a, b) = style == .interleaved ? (2 * i, 2 * i + 1) : (i, i + half)
                    let x0 = v[a], x1 = v[b]
                    v[a] = x0 * cosines[i] - x1 * sines[i]
                    v[b] = x0 * sines[i] + x1 * cosines[i]
                }
            }
        }
    }
}
