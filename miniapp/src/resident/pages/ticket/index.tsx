import { useRouter } from '@tarojs/taro';
import { TicketScreen } from '../../../components/TicketScreen';

export default function TicketPage() {
  const { params } = useRouter();
  return <TicketScreen id={params.id ?? ''} />;
}
