import type { LocalizedText } from '#identity-core';

/**
 * Taiwan's 22 counties and cities in the order the ministry's pages list them (north to south,
 * then the east and the islands): the county list of the login page follows it, whatever order
 * operators added the providers in.
 */
export const TAIWAN_COUNTIES: readonly { name: string; en: string }[] = [
  { name: '臺北市', en: 'Taipei City' },
  { name: '新北市', en: 'New Taipei City' },
  { name: '基隆市', en: 'Keelung City' },
  { name: '桃園市', en: 'Taoyuan City' },
  { name: '新竹市', en: 'Hsinchu City' },
  { name: '新竹縣', en: 'Hsinchu County' },
  { name: '苗栗縣', en: 'Miaoli County' },
  { name: '臺中市', en: 'Taichung City' },
  { name: '彰化縣', en: 'Changhua County' },
  { name: '南投縣', en: 'Nantou County' },
  { name: '雲林縣', en: 'Yunlin County' },
  { name: '嘉義市', en: 'Chiayi City' },
  { name: '嘉義縣', en: 'Chiayi County' },
  { name: '臺南市', en: 'Tainan City' },
  { name: '高雄市', en: 'Kaohsiung City' },
  { name: '屏東縣', en: 'Pingtung County' },
  { name: '宜蘭縣', en: 'Yilan County' },
  { name: '花蓮縣', en: 'Hualien County' },
  { name: '臺東縣', en: 'Taitung County' },
  { name: '澎湖縣', en: 'Penghu County' },
  { name: '金門縣', en: 'Kinmen County' },
  { name: '連江縣', en: 'Lienchiang County (Matsu)' },
];

/** 台 and 臺 are both in daily use; the directory spells 臺. */
export function canonicalCountyName(name: string): string {
  return name.trim().normalize('NFKC').replace(/台/g, '臺');
}

/** Position in TAIWAN_COUNTIES; names outside it come after, in the order given. */
export function countyRank(name: string): number {
  const i = TAIWAN_COUNTIES.findIndex((c) => c.name === canonicalCountyName(name));
  return i < 0 ? TAIWAN_COUNTIES.length : i;
}

export function countyLabel(name: string): LocalizedText {
  const known = TAIWAN_COUNTIES.find((c) => c.name === canonicalCountyName(name));
  return { 'zh-TW': name, en: known?.en ?? name };
}
