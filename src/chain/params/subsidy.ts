/**
 * The block subsidy schedule: `initialSubsidy` halves every
 * `halvingInterval` blocks (integer right shift), reaching zero after 64
 * halvings.
 */

export function blockSubsidy(height: number, initialSubsidy: bigint, halvingInterval: number): bigint {
  const halvings = Math.floor(height / halvingInterval);
  if (halvings >= 64) return 0n;
  return initialSubsidy >> BigInt(halvings);
}
