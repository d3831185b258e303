package export

// crc32Combine returns the CRC-32 (IEEE) of a‖b from crcA, the CRC-32 of
// a, crcB, that of b, and b's length: zlib's crc32_combine, which
// hash/crc32 does not offer. It lets a part whose middle was compressed
// (and checksummed) earlier be written without reading the middle again
// (see sortedZip.splice).
func crc32Combine(crcA, crcB uint32, lenB int64) uint32 {
	if lenB <= 0 {
		return crcA
	}
	// crcA shifted by lenB zero bytes is crcA times x^(8·lenB) modulo the
	// polynomial; x2n[k] is x^(2^k) modulo it, for the bits of 8·lenB.
	var x2n [32]uint32
	p := uint32(1) << 30 // x^1, in the reflected bit order
	for k := range x2n {
		x2n[k] = p
		p = multModP(p, p)
	}
	n := uint64(lenB)
	shift := uint32(1) << 31 // x^0
	for k := 3; n > 0; k, n = k+1, n>>1 {
		if n&1 != 0 {
			shift = multModP(x2n[k%32], shift)
		}
	}
	return multModP(shift, crcA) ^ crcB
}

// multModP is a(x)·b(x) modulo the CRC-32 polynomial, in the reflected bit
// order of hash/crc32's IEEE table (bit 31 is x^0).
func multModP(a, b uint32) uint32 {
	const poly = 0xedb88320
	var p uint32
	for m := uint32(1) << 31; m != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
		}
		if b&1 != 0 {
			b = b>>1 ^ poly
		} else {
			b >>= 1
		}
	}
	return p
}
