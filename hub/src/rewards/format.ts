/** "-80731" base units with 8 decimals → "-0.00080731"; exact, trailing zeros of the fraction dropped. */
export function baseUnitsToDecimal(amount: string | bigint, decimals: number): string {
  const units = typeof amount === 'bigint' ? amount : BigInt(amount);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Integer micro-units of a currency (1 USD = 1,000,000) → "-3411.775843", always six decimals. */
export function microsToDecimal(micros: bigint): string {
  const negative = micros < 0n;
  const digits = (negative ? -micros : micros).toString().padStart(7, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}
